//! Reading the server's answer: a whole chat-completion JSON object, or a stream of
//! server-sent events whose `data:` lines carry chunks, ended by `data: [DONE]`.
//!
//! Both readers are pure and bounded: they count the answer's bytes as they grow and stop
//! with [`LlmError::TooLong`] past the cap, and anything that is not the expected shape is
//! [`LlmError::Malformed`] with a short reason, never a panic.

use serde::Deserialize;

use crate::LlmError;

/// The parts of a chat completion this crate reads; everything else is ignored.
#[derive(Deserialize)]
struct Completion {
    choices: Vec<Choice>,
}

#[derive(Deserialize)]
struct Choice {
    #[serde(default)]
    message: Option<Message>,
    #[serde(default)]
    delta: Option<Message>,
    #[serde(default)]
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct Message {
    #[serde(default)]
    content: Option<String>,
}

/// A server that stopped because it reached its token limit sent a cut answer; a cut
/// letter is not shown, so it counts as too long.
fn check_finish(choice: &Choice) -> Result<(), LlmError> {
    match choice.finish_reason.as_deref() {
        Some("length") => Err(LlmError::TooLong),
        _ => Ok(()),
    }
}

/// Reads a non-streamed answer: `choices[0].message.content`.
///
/// # Errors
/// [`LlmError::Malformed`] for anything but a completion with a text, [`LlmError::TooLong`]
/// when the text is longer than `max_bytes` or the server cut it at its token limit.
pub fn parse_json(body: &[u8], max_bytes: usize) -> Result<String, LlmError> {
    let completion: Completion = serde_json::from_slice(body)
        .map_err(|_| LlmError::Malformed("the body is not a chat completion".into()))?;
    let choice = completion
        .choices
        .first()
        .ok_or_else(|| LlmError::Malformed("no choices".into()))?;
    check_finish(choice)?;
    let content = choice
        .message
        .as_ref()
        .and_then(|m| m.content.clone())
        .ok_or_else(|| LlmError::Malformed("no message content".into()))?;
    if content.len() > max_bytes {
        return Err(LlmError::TooLong);
    }
    Ok(content)
}

/// Decodes a server-sent event stream fed in arbitrary pieces.
#[derive(Debug)]
pub struct SseDecoder {
    /// Bytes of a line not yet ended by `\n`.
    pending: Vec<u8>,
    /// The `data:` lines of the event being read, joined by `\n` as the SSE format says.
    data: Option<String>,
    text: String,
    done: bool,
    max_bytes: usize,
}

impl SseDecoder {
    /// A decoder that accepts up to `max_bytes` of answer text.
    #[must_use]
    pub fn new(max_bytes: usize) -> Self {
        Self {
            pending: Vec::new(),
            data: None,
            text: String::new(),
            done: false,
            max_bytes,
        }
    }

    /// Whether `data: [DONE]` has been read.
    #[must_use]
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Feeds the next piece of the body, which may end anywhere, even inside a character.
    ///
    /// # Errors
    /// [`LlmError::Malformed`] for a chunk that is not JSON or a line that is not UTF-8,
    /// [`LlmError::TooLong`] past the cap (the pending line counts too, so a server that
    /// never sends a newline is stopped).
    pub fn feed(&mut self, bytes: &[u8]) -> Result<(), LlmError> {
        for &byte in bytes {
            if self.done {
                // Whatever follows `[DONE]` is not part of the answer.
                return Ok(());
            }
            if byte == b'\n' {
                let line = std::mem::take(&mut self.pending);
                self.line(&line)?;
            } else {
                self.pending.push(byte);
                if self.pending.len() > self.max_bytes.saturating_mul(4).max(4096) {
                    return Err(LlmError::TooLong);
                }
            }
        }
        Ok(())
    }

    /// The answer, once the stream has ended; a stream that ends without `[DONE]` was cut.
    ///
    /// # Errors
    /// [`LlmError::Malformed`] when `[DONE]` never came.
    pub fn finish(mut self) -> Result<String, LlmError> {
        // A last event without its blank line (or even its newline) still counts.
        if !self.done && !self.pending.is_empty() {
            let line = std::mem::take(&mut self.pending);
            self.line(&line)?;
        }
        if !self.done && self.data.is_some() {
            self.line(b"")?;
        }
        if self.done {
            Ok(self.text)
        } else {
            Err(LlmError::Malformed(
                "the stream ended without [DONE]".into(),
            ))
        }
    }

    fn line(&mut self, line: &[u8]) -> Result<(), LlmError> {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let line = std::str::from_utf8(line)
            .map_err(|_| LlmError::Malformed("a stream line is not UTF-8".into()))?;
        if line.is_empty() {
            return match self.data.take() {
                Some(data) => self.event(&data),
                None => Ok(()),
            };
        }
        // Comments (`: keep-alive`) and other fields (`event:`, `id:`, `retry:`) carry no text.
        if let Some(value) = line.strip_prefix("data:") {
            let value = value.strip_prefix(' ').unwrap_or(value);
            match &mut self.data {
                Some(data) => {
                    data.push('\n');
                    data.push_str(value);
                }
                None => self.data = Some(value.to_owned()),
            }
            if self
                .data
                .as_ref()
                .is_some_and(|d| d.len() > self.max_bytes.saturating_mul(4).max(4096))
            {
                return Err(LlmError::TooLong);
            }
        }
        Ok(())
    }

    fn event(&mut self, data: &str) -> Result<(), LlmError> {
        if data.trim() == "[DONE]" {
            self.done = true;
            return Ok(());
        }
        let chunk: Completion = serde_json::from_str(data)
            .map_err(|_| LlmError::Malformed("a stream chunk is not JSON".into()))?;
        // A chunk may have no choices (usage statistics) or a delta without content (the
        // role, sent first); neither adds text.
        if let Some(choice) = chunk.choices.first() {
            check_finish(choice)?;
            if let Some(piece) = choice.delta.as_ref().and_then(|d| d.content.as_deref()) {
                if self.text.len() + piece.len() > self.max_bytes {
                    return Err(LlmError::TooLong);
                }
                self.text.push_str(piece);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(text: &str) -> String {
        let json = serde_json::json!({"choices": [{"index": 0, "delta": {"content": text}}]});
        format!("data: {json}\n\n")
    }

    #[test]
    fn json_answer_is_read_and_checked() {
        let body = br#"{"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"Ok [S1]"},"finish_reason":"stop"}]}"#;
        assert_eq!(parse_json(body, 100), Ok("Ok [S1]".to_owned()));
        assert_eq!(parse_json(body, 3), Err(LlmError::TooLong));
        let cut = br#"{"choices":[{"message":{"content":"Ok"},"finish_reason":"length"}]}"#;
        assert_eq!(parse_json(cut, 100), Err(LlmError::TooLong));
        for bad in [
            &b"{"[..],
            b"[]",
            br#"{"choices":[]}"#,
            br#"{"choices":[{"message":{}}]}"#,
            b"\xff\xfe",
        ] {
            assert!(matches!(parse_json(bad, 100), Err(LlmError::Malformed(_))));
        }
    }

    #[test]
    fn stream_split_anywhere_gives_the_same_text() {
        let whole = format!(
            ": keep-alive\n\ndata: {{\"choices\":[{{\"delta\":{{\"role\":\"assistant\"}}}}]}}\n\n{}{}{}data: [DONE]\n\n",
            chunk("Сіздің "),
            chunk("өтінішіңіз "),
            chunk("[S1]")
        )
        .replace("\n\n", "\r\n\r\n");
        let bytes = whole.as_bytes();
        for size in [1, 2, 3, 7, bytes.len()] {
            let mut decoder = SseDecoder::new(1000);
            for piece in bytes.chunks(size) {
                decoder.feed(piece).expect("feed");
            }
            assert!(decoder.is_done());
            assert_eq!(
                decoder.finish(),
                Ok("Сіздің өтінішіңіз [S1]".to_owned()),
                "{size}"
            );
        }
    }

    #[test]
    fn stream_errors_are_typed() {
        let mut unterminated = SseDecoder::new(1000);
        unterminated
            .feed(format!("{}data: [DONE]", chunk("end")).as_bytes())
            .expect("feed");
        assert_eq!(unterminated.finish(), Ok("end".to_owned()));

        let mut cut = SseDecoder::new(1000);
        cut.feed(chunk("half").as_bytes()).expect("feed");
        assert!(matches!(cut.finish(), Err(LlmError::Malformed(_))));

        let mut junk = SseDecoder::new(1000);
        assert!(matches!(
            junk.feed(b"data: {not json\n\n"),
            Err(LlmError::Malformed(_))
        ));

        let mut long = SseDecoder::new(10);
        long.feed(chunk("0123456789").as_bytes())
            .expect("at the cap");
        assert_eq!(long.feed(chunk("x").as_bytes()), Err(LlmError::TooLong));

        let mut endless_line = SseDecoder::new(10);
        assert_eq!(
            endless_line.feed(&vec![b'a'; 10_000]),
            Err(LlmError::TooLong)
        );
    }
}
