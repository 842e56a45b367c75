//! The privacy policy, bundled in the binary in every language the product speaks.

use crate::settings::Language;

/// The version a new user accepts at onboarding.
pub const CURRENT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub version: u32,
    pub effective: &'static str,
    pub language: Language,
    /// Markdown-like text: `#`/`##` headings and paragraphs separated by blank lines.
    pub text: &'static str,
}

struct Published {
    version: u32,
    effective: &'static str,
    en: &'static str,
    zh_cn: &'static str,
}

const PUBLISHED: &[Published] = &[Published {
    version: 1,
    effective: "2026-11-23",
    en: include_str!("../../policy/v1.en.md"),
    zh_cn: include_str!("../../policy/v1.zh-CN.md"),
}];

/// The policy of `version` in `language`, if that version was ever published.
pub fn get(version: u32, language: Language) -> Option<Policy> {
    PUBLISHED
        .iter()
        .find(|p| p.version == version)
        .map(|p| Policy {
            version: p.version,
            effective: p.effective,
            language,
            text: match language {
                Language::En => p.en,
                Language::ZhCn => p.zh_cn,
            },
        })
}

pub fn current(language: Language) -> Policy {
    get(CURRENT_VERSION, language).unwrap_or_else(|| unreachable!("current policy is published"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_published_version_exists_in_both_languages_with_the_same_shape() {
        for p in PUBLISHED {
            let en = get(p.version, Language::En).unwrap();
            let zh = get(p.version, Language::ZhCn).unwrap();
            assert!(en.text.contains("privacy policy"));
            assert!(zh.text.contains("隐私政策"));
            let shape = |t: &str| -> Vec<bool> {
                t.split("\n\n")
                    .map(|block| block.starts_with('#'))
                    .collect()
            };
            assert_eq!(shape(en.text), shape(zh.text), "passages must line up");
        }
        assert_eq!(current(Language::En).version, CURRENT_VERSION);
        assert!(get(CURRENT_VERSION + 1, Language::En).is_none());
    }
}
