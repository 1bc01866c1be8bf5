//! `sheshim user add` and `sheshim client add`: the accounts that may use the API.
//!
//! Each prints its secrets once, on standard output, and the store keeps only their hashes:
//! a user's one-time password (argon2id) and API token (SHA-256), a client's key (SHA-256).
//! Lost secrets cannot be shown again.

use crate::args::{ClientAddArgs, UserAddArgs};
use crate::clock;
use crate::keys::open_store;
use anyhow::Context;
use sheshim_crypto::{BearerSecret, SecretKind, hash_password, one_time_password};
use sheshim_store::{NewClient, NewUser, StoreError};
use std::process::ExitCode;

/// `sheshim user add --login L --role R --agency A`.
pub async fn add_user(args: &UserAddArgs) -> anyhow::Result<ExitCode> {
    let password = one_time_password().context("cannot generate a password")?;
    let password_hash = hash_password(&password).context("cannot hash the password")?;
    let token =
        BearerSecret::generate(SecretKind::UserToken).context("cannot generate an API token")?;
    let (store, _) = open_store(&args.db).await?;
    let user = NewUser {
        login: args.login.clone(),
        role: args.role,
        agency: args.agency.clone(),
        password_hash,
        token_hash: token.hash(),
    };
    store
        .add_user(user, "system:user-add", clock::now(clock::system()))
        .await
        .map_err(|error| taken(error, || format!("login {} is taken", args.login)))?;
    println!(
        "added user {}: {} of {}",
        args.login,
        args.role.code(),
        args.agency.as_str()
    );
    println!("one-time password: {}", password.as_str());
    println!("API token: {}", token.expose());
    println!(
        "Both are shown only now. Send the token as `Authorization: Bearer <token>`; the \
         password must be changed at first sign-in."
    );
    Ok(ExitCode::SUCCESS)
}

/// `sheshim client add --name N --channel C [--rate-per-minute R]`.
pub async fn add_client(args: &ClientAddArgs) -> anyhow::Result<ExitCode> {
    let key =
        BearerSecret::generate(SecretKind::ClientKey).context("cannot generate a client key")?;
    let (store, _) = open_store(&args.db).await?;
    let client = NewClient {
        name: args.name.clone(),
        channel: args.channel,
        key_hash: key.hash(),
        rate_per_minute: args.rate_per_minute,
    };
    store
        .add_client(client, "system:client-add", clock::now(clock::system()))
        .await
        .map_err(|error| taken(error, || format!("client name {} is taken", args.name)))?;
    println!(
        "added client {}: channel {}, at most {} appeals a minute",
        args.name, args.channel, args.rate_per_minute
    );
    println!("client key: {}", key.expose());
    println!(
        "The key is shown only now. Send it as `X-Client-Key: <key>` with `POST /v1/appeals`."
    );
    Ok(ExitCode::SUCCESS)
}

/// A duplicate said in the command's own words; any other failure with its cause.
fn taken(error: StoreError, message: impl FnOnce() -> String) -> anyhow::Error {
    match error {
        StoreError::Duplicate { .. } => anyhow::anyhow!(message()),
        other => anyhow::Error::new(other).context("cannot store the account"),
    }
}
