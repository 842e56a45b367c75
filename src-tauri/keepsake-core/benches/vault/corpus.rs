//! A seeded, deterministic diary: 70% English, 30% Chinese entries over about 30 years, and
//! generated 12 MP JPEGs.
//!
//! Two vocabularies: the worst case (`EN`, 70 words, so every word is in nearly every English
//! entry and a prefix matches tens of thousands of them) and a realistic one (`Zipf`: thousands
//! of words, the k-th most common used in proportion to 1/k, as in natural text).

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, Rgb, RgbImage};
use keepsake_core::entries::EntryInput;

pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

pub const EN: &[&str] = &[
    "the", "a", "and", "to", "of", "in", "was", "it", "we", "i", "walked", "harbour", "morning",
    "coffee", "rain", "sun", "friend", "work", "meeting", "train", "book", "read", "garden",
    "dinner", "mother", "father", "sister", "city", "river", "quiet", "tired", "happy", "long",
    "day", "night", "wrote", "letter", "music", "played", "piano", "cooked", "soup", "bread",
    "market", "bought", "flowers", "mountain", "lake", "swim", "cold", "warm", "wind", "clouds",
    "evening", "talked", "phone", "project", "finished", "started", "plan", "holiday", "beach",
    "gulls", "ferry", "bridge", "museum", "painting", "film", "laughed", "worried", "hope",
];
pub const ZH: &[&str] = &[
    "今天",
    "天气",
    "很好",
    "我们",
    "一起",
    "去了",
    "公园",
    "散步",
    "下雨",
    "读书",
    "工作",
    "朋友",
    "吃饭",
    "妈妈",
    "爸爸",
    "晚上",
    "早上",
    "咖啡",
    "电影",
    "音乐",
    "学习",
    "写字",
    "海边",
    "日出",
    "风",
    "山",
    "河",
    "花",
    "书",
    "猫",
    "狗",
    "开心",
    "难过",
    "累",
    "忙",
    "周末",
    "旅行",
    "火车",
    "城市",
    "安静",
    "回家",
    "做饭",
    "红烧肉",
    "面条",
    "想念",
    "希望",
];
pub const TAGS: &[&str] = &[
    "travel", "family", "work", "reading", "food", "health", "friends", "旅行", "家人", "读书",
];

/// Where an entry's English words come from.
pub enum Vocabulary {
    WorstCase,
    Zipf(Zipf),
}

/// A realistic vocabulary: `EN` first (the most common words), then made-up words of one to
/// four syllables, drawn with probability proportional to 1/rank.
pub struct Zipf {
    pub words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Zipf {
    pub fn new(size: usize) -> Zipf {
        const ONSETS: &[&str] = &[
            "b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "v", "st", "tr", "pl",
            "gr",
        ];
        const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ea", "ou"];
        const CODAS: &[&str] = &["", "n", "r", "s", "t", "l", "nd", "ck"];
        let mut words: Vec<String> = EN.iter().map(|w| w.to_string()).collect();
        let mut seen: std::collections::HashSet<String> = words.iter().cloned().collect();
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        while words.len() < size {
            let syllables = 1 + rng.below(4);
            let word: String = (0..syllables)
                .map(|_| {
                    format!(
                        "{}{}{}",
                        ONSETS[rng.below(ONSETS.len())],
                        VOWELS[rng.below(VOWELS.len())],
                        CODAS[rng.below(CODAS.len())]
                    )
                })
                .collect();
            if seen.insert(word.clone()) {
                words.push(word);
            }
        }
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Zipf { words, cumulative }
    }

    fn pick(&self, rng: &mut Rng) -> &str {
        let total = self.cumulative[self.cumulative.len() - 1];
        let x = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        let i = self.cumulative.partition_point(|&c| c < x);
        &self.words[i.min(self.words.len() - 1)]
    }
}

pub fn english(rng: &mut Rng, words: usize, vocabulary: &Vocabulary) -> String {
    (0..words)
        .map(|_| match vocabulary {
            Vocabulary::WorstCase => EN[rng.below(EN.len())],
            Vocabulary::Zipf(zipf) => zipf.pick(rng),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn chinese(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        s.push_str(ZH[rng.below(ZH.len())]);
        if i % 9 == 8 {
            s.push('，');
        }
    }
    s.push('。');
    s
}

pub fn entry(rng: &mut Rng, i: usize, vocabulary: &Vocabulary) -> EntryInput {
    let zh = rng.below(10) < 3;
    let (title, body) = if zh {
        let words = 80 + rng.below(160);
        (chinese(rng, 3), chinese(rng, words))
    } else {
        let words = 120 + rng.below(240);
        (english(rng, 4, vocabulary), english(rng, words, vocabulary))
    };
    // Spread over about 30 years, a few minutes apart.
    let minutes = 15_000_000 + (i as i64) * 157 + rng.below(100) as i64;
    let at = time::OffsetDateTime::from_unix_timestamp(minutes * 60).unwrap();
    EntryInput {
        title,
        body,
        entry_at: format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}",
            at.year(),
            u8::from(at.month()),
            at.day(),
            at.hour(),
            at.minute()
        ),
        tags: (0..rng.below(3))
            .map(|_| TAGS[rng.below(TAGS.len())].to_owned())
            .collect(),
        mood: Some(1 + rng.below(5) as u8),
    }
}

/// A generated 4000 x 3000 JPEG: a fine XOR texture over two gradients, about 1.3 MB at
/// quality 88. Camera photos are often 3-5 MB, with more entropy-coded data to decode.
pub fn photo(seed: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(4000, 3000, |x, y| {
        Rgb([
            ((x ^ y) as u8).wrapping_add(seed as u8),
            (y / 12) as u8,
            (x / 16) as u8,
        ])
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 88)
        .encode_image(&DynamicImage::ImageRgb8(img))
        .unwrap();
    out
}

/// A camera-like 12 MP JPEG: smooth light and shade under per-pixel sensor noise, at the quality
/// phones save, so that most of the file is entropy-coded detail (3-5 MB, like a real photo).
pub fn camera_photo(seed: u64, width: u32, height: u32) -> Vec<u8> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ seed.wrapping_mul(0xD6E8_FEB8_6659_FD93));
    let img = RgbImage::from_fn(width, height, |x, y| {
        let noise = rng.next();
        let shade = |v: u32, n: u64| (v as i64 + (n & 0x0f) as i64 - 8).clamp(0, 255) as u8;
        let base = (x * 255 / width + y * 128 / height) / 2;
        Rgb([
            shade(base + 40, noise),
            shade(base + 20, noise >> 8),
            shade(base, noise >> 16),
        ])
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&DynamicImage::ImageRgb8(img))
        .unwrap();
    out
}
