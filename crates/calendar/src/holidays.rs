//! The statutory public holidays of Kazakhstan.
//!
//! These come from the Law "On holidays in the Republic of Kazakhstan" and the
//! Labour Code, not from a yearly act, so they are code rather than data.  The
//! list is the one in force since 2022, when Republic Day (25 October) became a
//! national holiday again and Independence Day shrank to 16 December alone;
//! every year the data files cover (2024 onwards) falls under it.  If the law
//! changes, this list must become per-year (the year files would then carry it).
//!
//! The first day of Kurban Ait is a holiday too, but its date follows the lunar
//! calendar, so it comes from each year's data file.

/// A holiday fixed to a month and day, the same every year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedHoliday {
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month.
    pub day: u32,
    /// English name, used in [`crate::DayKind::Holiday`].
    pub name: &'static str,
    /// Religious holidays never move when they fall on a weekend
    /// (Labour Code art. 85 §2 applies only to the others).
    pub religious: bool,
}

const fn secular(month: u32, day: u32, name: &'static str) -> FixedHoliday {
    FixedHoliday {
        month,
        day,
        name,
        religious: false,
    }
}

/// Every fixed-date public holiday, in calendar order.
pub const FIXED_HOLIDAYS: &[FixedHoliday] = &[
    secular(1, 1, "New Year"),
    secular(1, 2, "New Year"),
    FixedHoliday {
        month: 1,
        day: 7,
        name: "Orthodox Christmas",
        religious: true,
    },
    secular(3, 8, "International Women's Day"),
    secular(3, 21, "Nauryz Meiramy"),
    secular(3, 22, "Nauryz Meiramy"),
    secular(3, 23, "Nauryz Meiramy"),
    secular(5, 1, "Unity Day of the People of Kazakhstan"),
    secular(5, 7, "Defender of the Fatherland Day"),
    secular(5, 9, "Victory Day"),
    secular(7, 6, "Capital Day"),
    secular(8, 30, "Constitution Day"),
    secular(10, 25, "Republic Day"),
    secular(12, 16, "Independence Day"),
];

/// Name of the lunar holiday whose first day is a day off.
pub const KURBAN_AIT: &str = "Kurban Ait (first day)";
