//! Embedded TrueType / OpenType programs (FontFile2, FontFile3/OpenType) read with
//! ttf-parser: glyph id → Unicode by inverting the font's own Unicode cmap, code → glyph id
//! through its symbolic (3,0) or Macintosh (1,0) cmap, and advance widths.

use crate::pdf::FastMap;

use ttf_parser::{Face, GlyphId, PlatformId};

/// What the font program can tell about its glyphs.
#[derive(Debug, Default)]
pub(crate) struct TrueTypeInfo {
    /// Glyph id → Unicode, from the font's Unicode cmap subtables.
    pub gid_to_char: FastMap<u16, char>,
    /// One-byte code → glyph id, from (3,0) (codes 0xF000 + code or code) or (1,0).
    pub code_to_gid: FastMap<u8, u16>,
    /// The font has a Unicode cmap subtable.
    pub has_unicode_cmap: bool,
    /// Unicode → glyph id, to check whether a font can draw a character at all.
    char_to_gid: FastMap<char, u16>,
    /// Advance widths in 1/1000 em, by glyph id.
    advances: Vec<u16>,
    units_per_em: f64,
}

/// How preferable a code point is as the inverse of a glyph: lower is better. Radicals,
/// compatibility ideographs and private use come last so that 门 beats ⻔.
fn rank(c: char) -> u8 {
    match u32::from(c) {
        0xE000..=0xF8FF | 0xF0000.. => 4,
        0x2E80..=0x2FDF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F => 3,
        0xFF00..=0xFFEF => 2,
        _ => 0,
    }
}

impl TrueTypeInfo {
    /// Reads the tables of a font program; `None` if ttf-parser cannot parse it.
    pub fn parse(data: &[u8]) -> Option<TrueTypeInfo> {
        let face = Face::parse(data, 0).ok()?;
        let mut info = TrueTypeInfo {
            units_per_em: f64::from(face.units_per_em().max(1)),
            ..TrueTypeInfo::default()
        };
        if let Some(cmap) = face.tables().cmap {
            for sub in cmap.subtables {
                let unicode = sub.is_unicode();
                let symbolic = sub.platform_id == PlatformId::Windows && sub.encoding_id == 0;
                let mac = sub.platform_id == PlatformId::Macintosh && sub.encoding_id == 0;
                if unicode {
                    info.has_unicode_cmap = true;
                    sub.codepoints(|cp| {
                        let (Some(c), Some(gid)) = (char::from_u32(cp), sub.glyph_index(cp)) else {
                            return;
                        };
                        info.char_to_gid.entry(c).or_insert(gid.0);
                        let slot = info.gid_to_char.entry(gid.0).or_insert(c);
                        if rank(c) < rank(*slot) || (rank(c) == rank(*slot) && c < *slot) {
                            *slot = c;
                        }
                    });
                } else if symbolic || mac {
                    for code in 0..=255u8 {
                        let gid = if symbolic {
                            sub.glyph_index(0xF000 + u32::from(code))
                                .or_else(|| sub.glyph_index(u32::from(code)))
                        } else {
                            sub.glyph_index(u32::from(code))
                        };
                        if let Some(gid) = gid.filter(|g| g.0 != 0) {
                            info.code_to_gid.entry(code).or_insert(gid.0);
                        }
                    }
                }
            }
        }
        let n = face.number_of_glyphs();
        info.advances = (0..n)
            .map(|g| {
                let adv = f64::from(face.glyph_hor_advance(GlyphId(g)).unwrap_or(0));
                (adv * 1000.0 / info.units_per_em).round().clamp(0.0, 65535.0) as u16
            })
            .collect();
        Some(info)
    }

    /// Glyph id of a Unicode character, if the font's Unicode cmap has it.
    pub fn gid_for_char(&self, c: char) -> Option<u16> {
        self.char_to_gid.get(&c).copied()
    }

    /// Advance width of a glyph in 1/1000 em.
    pub fn advance(&self, gid: u16) -> Option<f64> {
        self.advances.get(usize::from(gid)).map(|w| f64::from(*w)).filter(|w| *w > 0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_rank_below_unified_ideographs() {
        assert!(rank('门') < rank('\u{2ED4}'));
        assert!(rank('A') < rank('\u{E000}'));
    }

    #[test]
    fn garbage_is_not_a_font() {
        assert!(TrueTypeInfo::parse(b"not a font at all").is_none());
        assert!(TrueTypeInfo::parse(&[]).is_none());
    }
}
