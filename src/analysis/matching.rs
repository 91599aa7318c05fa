//! Matching: each target to the status figure for the same indicator, in a compatible
//! unit. Figures of different indicators are never compared; when nothing fits, the
//! target stays unmatched (`unknown` is an honest answer).
//!
//! BE ADVISED: the score is an overlap of content bigrams (see `text::bigrams_into`)
//! between the target's indicator and the words around a figure — its own clause first,
//! a subject borrowed from an earlier figure ("…收入36.05亿元、增长5.8%"), then the
//! sentence. A figure may only go to a target whose indicator it matches best among all
//! the row's targets, whatever their units: "战略性新兴产业产值385亿元" is not the
//! "规上工业产值" figure just because it is the only 亿元 figure left.

use super::figures::{Family, Fig};
use super::targets::Aim;
use super::text::{self, bigrams_into, finish_bag, shared, slice};
use std::collections::BTreeMap;

/// Per-row buffers, reused across rows: the targets' bags and where their bigrams and
/// chars occur in the status; and the aliases of the rules, indexed once ([`Bags::new`]).
#[derive(Default)]
pub(crate) struct Bags {
    /// Content bigrams of each target's indicator (with its aliases), finished.
    aims: Vec<Vec<u64>>,
    /// Content chars of each target's indicator.
    aim_chars: Vec<Vec<u64>>,
    /// Finished bags of the items of each combined target.
    parts: Vec<Vec<Vec<u64>>>,
    /// Where each target's bigrams occur in the status: (start, end, index in its bag).
    pair_hits: Vec<Vec<Hit>>,
    /// Where each target's content chars occur in the status.
    char_hits: Vec<Vec<Hit>>,
    /// The aliases of the rules the bags were made for, indexed once.
    alias: AliasIndex,
    /// Alias keys found in the status: (index among the aliases, start, end).
    alias_hits: Vec<(usize, usize, usize)>,
    /// Alias bigrams of each figure's own words and of its borrowed subject, finished
    /// (empty unless an alias key occurs in the status).
    own_alias: Vec<Vec<u64>>,
    bor_alias: Vec<Vec<u64>>,
    /// Finished bags of the figures' own words, built only for combined targets.
    own: Vec<Vec<u64>>,
    seen: Vec<bool>,
    best: Vec<usize>,
    used: Vec<bool>,
    cands: Vec<(usize, usize, usize, usize)>,
    /// Where each bigram and content char of the targets is, for the status scan.
    table: Table,
    /// The byte ranges of each figure some target can take.
    spans: Vec<Option<Spans>>,
}

/// The byte ranges of a figure's words (see [`Fig`]), each as `text::slice` takes it.
struct Spans {
    left: [usize; 2],
    right: [usize; 2],
    sentence: [usize; 2],
    /// From the start of `left` to the end of `right`.
    around: [usize; 2],
    borrowed: Option<[usize; 2]>,
}

/// An occurrence of a target's bigram or char in the status: its byte range and its
/// index in the target's bag.
#[derive(Clone, Copy)]
struct Hit {
    start: usize,
    end: usize,
    j: usize,
}

/// What a target got from matching.
#[derive(Debug, Clone)]
pub(crate) enum Found {
    /// No comparable figure.
    None,
    /// One figure (index into the status figures).
    One(usize),
    /// One figure covering only some items of a combined target: a lower bound.
    Partial(usize),
    /// The items of a combined target, one figure each, summed.
    Sum(Vec<usize>),
    /// The department's own "完成目标任务的X%" statement (index of the figure).
    Progress(usize),
}

fn resize<T>(v: &mut Vec<Vec<T>>, n: usize) {
    if v.len() < n {
        v.resize_with(n, Vec::new);
    }
    for b in v.iter_mut().take(n) {
        b.clear();
    }
}

/// The alias keys of the rules with the bigrams of their values, and masks to find the
/// keys in a text without trying each at every char.
#[derive(Default)]
struct AliasIndex {
    /// The non-empty keys, in the order of the rules' aliases.
    keys: Vec<String>,
    /// The bigrams of each key's values (unfinished: they go into bags that get finished).
    grams: Vec<Vec<u64>>,
    /// For each byte, a bit per key (`1 << min(index, 63)`) that starts with it...
    first: Vec<u64>,
    /// ...and a bit per key whose second byte it is, or that has only one byte.
    second: Vec<u64>,
    /// The bits of the one-byte keys.
    short: u64,
}

impl Bags {
    /// Empty bags for the rules with these `aliases` (the bags are kept with the word
    /// lists of those rules, `lists`, so the index never goes stale).
    pub(crate) fn new(aliases: &BTreeMap<String, Vec<String>>) -> Bags {
        Bags { alias: AliasIndex::new(aliases), ..Bags::default() }
    }
}

impl AliasIndex {
    fn new(aliases: &BTreeMap<String, Vec<String>>) -> AliasIndex {
        let mut ix = AliasIndex { first: vec![0; 256], second: vec![0; 256], ..AliasIndex::default() };
        for (k, vs) in aliases {
            let Some(&b0) = k.as_bytes().first() else { continue };
            let bit = 1u64 << ix.keys.len().min(63);
            let mut g = Vec::new();
            for v in vs {
                bigrams_into(v, &mut g);
            }
            ix.keys.push(k.clone());
            ix.grams.push(g);
            ix.first[b0 as usize] |= bit;
            match k.as_bytes().get(1) {
                Some(&b1) => ix.second[b1 as usize] |= bit,
                None => {
                    ix.short |= bit;
                    for m in &mut ix.second {
                        *m |= bit;
                    }
                }
            }
        }
        ix
    }

    /// Calls `f` with the index of every key that occurs in `t` at byte `p`.
    #[inline]
    fn keys_at(&self, t: &[u8], p: usize, mut f: impl FnMut(usize)) {
        let Some(&b0) = t.get(p) else { return };
        let m1 = self.first.get(b0 as usize).copied().unwrap_or(0);
        if m1 == 0 {
            return;
        }
        let m2 = t.get(p + 1).map_or(self.short, |&b| self.second.get(b as usize).copied().unwrap_or(0));
        let mut m = m1 & m2;
        while m != 0 {
            let bit = m.trailing_zeros() as usize;
            m &= m - 1;
            // Bit 63 stands for every key from the 64th on.
            let upto = if bit == 63 { self.keys.len() } else { bit + 1 };
            for (i, k) in self.keys.iter().enumerate().take(upto).skip(bit) {
                if t.get(p..).is_some_and(|r| r.starts_with(k.as_bytes())) {
                    f(i);
                }
            }
        }
    }

    /// Adds the bigrams of every alias value whose key occurs in `s`.
    fn add(&self, s: &str, bag: &mut Vec<u64>) {
        if self.keys.is_empty() {
            return;
        }
        // Keys start at a char: from char start to char start.
        let t = s.as_bytes();
        let mut p = 0;
        while let Some((_, w)) = text::utf8_at(t, p) {
            self.keys_at(t, p, |i| bag.extend_from_slice(&self.grams[i]));
            p += w;
        }
    }
}

/// The byte range of `text::slice(s, r[0], r[1])`.
fn bounds(s: &str, r: [usize; 2]) -> [usize; 2] {
    let b = text::floor(s, r[1]);
    [text::floor(s, r[0].min(b)), b]
}

/// How many distinct entries of `bag` occur as a hit inside one of `ranges` or are in
/// the finished bag `extra`: the [`shared`] count of `bag` with the bag of the text in
/// `ranges` plus `extra`, without building that bag.
fn count(hits: &[Hit], ranges: &[[usize; 2]], bag: &[u64], extra: &[u64], seen: &mut Vec<bool>) -> usize {
    if hits.is_empty() && extra.is_empty() {
        return 0;
    }
    let inside = |h: &Hit| ranges.iter().any(|r| h.start >= r[0] && h.end <= r[1]);
    let in_extra = |x: &u64| !extra.is_empty() && extra.binary_search(x).is_ok();
    if bag.len() <= 64 {
        // The usual short indicator: one bit per entry (every j < bag.len()).
        let mut m = 0u64;
        for h in hits.iter().filter(|h| inside(h)) {
            m |= 1 << (h.j & 63);
        }
        for (j, _) in bag.iter().enumerate().filter(|(_, x)| in_extra(x)) {
            m |= 1 << (j & 63);
        }
        return m.count_ones() as usize;
    }
    seen.clear();
    seen.resize(bag.len(), false);
    for h in hits.iter().filter(|h| inside(h)) {
        if let Some(s) = seen.get_mut(h.j) {
            *s = true;
        }
    }
    for (j, _) in bag.iter().enumerate().filter(|(_, x)| in_extra(x)) {
        if let Some(s) = seen.get_mut(j) {
            *s = true;
        }
    }
    seen.iter().filter(|&&s| s).count()
}

/// The [`count`]s of one figure's words with one target's bigrams: [own words (left and
/// right, with the alias bigrams `extra[0]`), borrowed subject (with `extra[1]`; 0 when
/// none), sentence], in one pass over the hits rather than one per count.
fn counts(hits: &[Hit], sp: &Spans, bag: &[u64], extra: [&[u64]; 2], seen: &mut Vec<bool>) -> [usize; 3] {
    if bag.len() > 64 {
        let own = count(hits, &[sp.left, sp.right], bag, extra[0], seen);
        let bor = sp.borrowed.map_or(0, |b| count(hits, &[b], bag, extra[1], seen));
        return [own, bor, count(hits, &[sp.sentence], bag, &[], seen)];
    }
    // One bit per entry of the bag, as in `count`.
    let within = |h: &Hit, r: [usize; 2]| h.start >= r[0] && h.end <= r[1];
    let bor_range = sp.borrowed.unwrap_or([1, 0]);
    let (mut own, mut bor, mut sen) = (0u64, 0u64, 0u64);
    for h in hits {
        let bit = 1 << (h.j & 63);
        if within(h, sp.left) || within(h, sp.right) {
            own |= bit;
        }
        if within(h, bor_range) {
            bor |= bit;
        }
        if within(h, sp.sentence) {
            sen |= bit;
        }
    }
    let bor_extra = if sp.borrowed.is_some() { extra[1] } else { &[] };
    if !extra[0].is_empty() || !bor_extra.is_empty() {
        for (j, x) in bag.iter().enumerate() {
            let bit = 1 << (j & 63);
            if !extra[0].is_empty() && extra[0].binary_search(x).is_ok() {
                own |= bit;
            }
            if !bor_extra.is_empty() && bor_extra.binary_search(x).is_ok() {
                bor |= bit;
            }
        }
    }
    [own, bor, sen].map(|m| m.count_ones() as usize)
}

/// The char at byte `p` of the UTF-8 `t` (as a number) and its length in bytes
/// ([`text::utf8_at`]; a NUL of one byte at the end).
#[inline]
fn decode(t: &[u8], p: usize) -> (u32, usize) {
    text::utf8_at(t, p).unwrap_or((0, 1))
}

/// `c` upper-cased if it is an ASCII letter, as [`bigrams_into`] compares chars.
#[inline]
fn upper(c: u32) -> u32 {
    if c.wrapping_sub('a' as u32) < 26 {
        c - 32
    } else {
        c
    }
}

/// Records where the targets' bigrams and content chars, and the alias keys, occur in
/// `status[lo..hi]`, in one pass. A bigram in a target's bag is made of two word chars
/// and is no stop pair, so any two adjacent chars whose (upper-cased) pair is in the bag
/// are a bigram [`bigrams_into`] would give; likewise for the chars of [`text::bigrams_and_chars`].
fn scan_status(status: &str, lo: usize, hi: usize, bags: &mut Bags, n: usize) {
    // `some` holds every char at which something can be found: the second char of a
    // bigram (both cases), a content char, the first char of an alias key. Most chars
    // are in none, and cost one decode and one filter test.
    let mut some = text::CharFilter::default();
    let mut table = std::mem::take(&mut bags.table);
    let size: usize = bags.aims.iter().take(n).chain(bags.aim_chars.iter().take(n)).map(Vec::len).sum();
    table.reset(size);
    for (a, (bag, chars)) in bags.aims.iter().zip(&bags.aim_chars).take(n).enumerate() {
        for (j, &x) in bag.iter().enumerate() {
            table.insert(x, a, j);
            let c = x as u32;
            some.insert(c);
            if (u32::from(b'A')..=u32::from(b'Z')).contains(&c) {
                some.insert(c + 32);
            }
        }
        for (j, &x) in chars.iter().enumerate() {
            table.insert(x, a, j);
            some.insert(x as u32);
        }
    }
    for k in &bags.alias.keys {
        some.insert(decode(k.as_bytes(), 0).0);
    }
    let t = status.as_bytes();
    let hi = hi.min(t.len());
    // The hot loop: test, move on; what a char may hold is looked up elsewhere. A
    // three-byte char (most of a status) is tested by its code point mod 1024, read off
    // its last two bytes, and decoded (with the char before it) only when it passes.
    // `prev` is where the char before `p` starts (usize::MAX at `lo`).
    let (mut p, mut prev) = (lo, usize::MAX);
    while p < hi {
        let (key, len) = match t.get(p..) {
            Some([0xE0..=0xEF, b1, b2, ..]) => (u32::from(b1 & 0x0F) << 6 | u32::from(b2 & 0x3F), 3),
            _ => decode(t, p),
        };
        if some.may_hold(key) {
            let c = decode(t, p).0;
            let before = (prev != usize::MAX).then(|| (prev, decode(t, prev).0));
            look_up(t, before, (p, c, p + len), &table, bags);
        }
        prev = p;
        p += len;
    }
    bags.table = table;
}

/// A small open-addressing hash table from a target's bigram or content char to the
/// targets holding it (and its index in their bags), rebuilt per row: one probe finds
/// every owner, where a search per target's bag would cost more.
#[derive(Default)]
struct Table {
    /// (key, target, index); key 0 marks an empty slot (no char or bigram is 0).
    slots: Vec<(u64, usize, usize)>,
    mask: usize,
    /// The slots filled since the last reset.
    filled: Vec<usize>,
}

impl Table {
    /// Empties the table, sized for `n` entries at most a quarter full (a status char
    /// looked up is usually in no bag: few probes find the empty slot that says so). The
    /// table only grows, and a reset empties just the slots the last row filled.
    fn reset(&mut self, n: usize) {
        for &s in &self.filled {
            if let Some(e) = self.slots.get_mut(s) {
                e.0 = 0;
            }
        }
        self.filled.clear();
        let size = (4 * n).next_power_of_two().max(64);
        if self.slots.len() < size {
            self.slots.clear();
            self.slots.resize(size, (0, 0, 0));
        }
        self.mask = self.slots.len() - 1;
    }

    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize & self.mask
    }

    fn insert(&mut self, key: u64, a: usize, j: usize) {
        let mut s = self.home(key);
        while let Some(e) = self.slots.get_mut(s) {
            if e.0 == 0 {
                *e = (key, a, j);
                self.filled.push(s);
                return;
            }
            s = (s + 1) & self.mask;
        }
    }

    /// Calls `f(target, index)` for every entry of `key`.
    #[inline]
    fn each(&self, key: u64, mut f: impl FnMut(usize, usize)) {
        let mut s = self.home(key);
        while let Some(&(k, a, j)) = self.slots.get(s) {
            if k == 0 {
                return;
            }
            if k == key {
                f(a, j);
            }
            s = (s + 1) & self.mask;
        }
    }
}

/// Records what the char `c` at `p..e` (after `prev`) of the status `t` holds: the end
/// of a target's bigram, a target's content char, the start of an alias key.
#[inline(never)]
fn look_up(t: &[u8], prev: Option<(usize, u32)>, (p, c, e): (usize, u32, usize), table: &Table, bags: &mut Bags) {
    if let Some((ps, pc)) = prev {
        let v = (upper(pc) as u64) << 32 | upper(c) as u64;
        table.each(v, |a, j| {
            if let Some(hits) = bags.pair_hits.get_mut(a) {
                hits.push(Hit { start: ps, end: e, j });
            }
        });
    }
    table.each(c as u64, |a, j| {
        if let Some(hits) = bags.char_hits.get_mut(a) {
            hits.push(Hit { start: p, end: e, j });
        }
    });
    let hits = &mut bags.alias_hits;
    bags.alias.keys_at(t, p, |m| hits.push((m, p, p + bags.alias.keys[m].len())));
}

/// The finished bag of alias bigrams of the keys found inside one of `ranges`.
fn alias_bag(hits: &[(usize, usize, usize)], ranges: &[[usize; 2]], alias: &AliasIndex, out: &mut Vec<u64>) {
    out.clear();
    for &(m, a, b) in hits {
        if ranges.iter().any(|r| a >= r[0] && b <= r[1]) {
            out.extend_from_slice(alias.grams.get(m).map_or(&[][..], Vec::as_slice));
        }
    }
    finish_bag(out);
}

/// Whether two figures' units can be compared.
fn compatible(aim: &Aim, t: &Fig, f: &Fig) -> bool {
    if f.skip || f.relative || f.progress || f.family.is_none() || f.family != t.family {
        return false;
    }
    match f.family {
        Some(Family::Percent) => f.growth == aim.wants_growth || f.since_year_start && aim.wants_growth,
        Some(Family::Points) => true,
        _ => !f.pending,
    }
}

/// Whether a unit is specific enough that one shared character of the indicator will do
/// (亿立方米 of 产量 vs 亿方 of 产气), where %, 元 and counts need a shared word.
fn specific(f: Option<Family>) -> bool {
    !matches!(f, Some(Family::Percent | Family::Yuan | Family::Count | Family::Person | Family::Points) | None)
}

/// Matches the row's targets with its status figures.
pub(crate) fn assign(
    task: &str,
    status: &str,
    tfigs: &[Fig],
    aims: &[Aim],
    sfigs: &[Fig],
    bags: &mut Bags,
    out: &mut Vec<Found>,
) {
    out.clear();
    out.resize(aims.len(), Found::None);
    if aims.is_empty() {
        return;
    }
    // A figure no target can take (skipped, or in no target's unit) is not scored: its
    // scores would only rank it against those targets. Without any, nothing is compared.
    let live = |f: &Fig| aims.iter().any(|aim| tfigs.get(aim.fig).is_some_and(|t| compatible(aim, t, f)));
    if !sfigs.iter().any(live) {
        progress(aims, sfigs, out);
        return;
    }
    // The targets' bags.
    let n = aims.len();
    resize(&mut bags.aims, n);
    resize(&mut bags.aim_chars, n);
    resize(&mut bags.pair_hits, n);
    resize(&mut bags.char_hits, n);
    if bags.parts.len() < n {
        bags.parts.resize_with(n, Vec::new);
    }
    for (a, aim) in aims.iter().enumerate() {
        let ind = slice(task, aim.indicator[0], aim.indicator[1]);
        text::bigrams_and_chars(ind, &mut bags.aims[a], Some(&mut bags.aim_chars[a]));
        bags.alias.add(ind, &mut bags.aims[a]);
        finish_bag(&mut bags.aims[a]);
        let parts = &mut bags.parts[a];
        parts.clear();
        for p in &aim.parts {
            let mut b = Vec::new();
            bigrams_into(slice(task, p[0], p[1]), &mut b);
            finish_bag(&mut b);
            parts.push(b);
        }
    }
    // Where they occur in the status: one pass over the stretch the figures look at.
    // The byte ranges of each figure that can be taken, and the stretch they cover.
    bags.spans.clear();
    let (mut lo, mut hi) = (usize::MAX, 0);
    for f in sfigs {
        let b = |r| bounds(status, r);
        let sp = live(f).then(|| Spans {
            left: b(f.left),
            right: b(f.right),
            sentence: b(f.sentence),
            around: b([f.left[0], f.right[1]]),
            borrowed: f.borrowed.map(b),
        });
        if let Some(sp) = &sp {
            let b = sp.borrowed.unwrap_or(sp.around);
            lo = lo.min(sp.left[0]).min(sp.right[0]).min(sp.sentence[0]).min(sp.around[0]).min(b[0]);
            hi = hi.max(sp.left[1]).max(sp.right[1]).max(sp.sentence[1]).max(sp.around[1]).max(b[1]);
        }
        bags.spans.push(sp);
    }
    bags.alias_hits.clear();
    if lo < hi {
        scan_status(status, lo, hi, bags, n);
    }
    resize(&mut bags.own_alias, sfigs.len());
    resize(&mut bags.bor_alias, sfigs.len());
    if !bags.alias_hits.is_empty() {
        for (i, sp) in bags.spans.iter().enumerate() {
            let Some(sp) = sp else { continue };
            alias_bag(&bags.alias_hits, &[sp.left, sp.right], &bags.alias, &mut bags.own_alias[i]);
            if let Some(b) = sp.borrowed {
                alias_bag(&bags.alias_hits, &[b], &bags.alias, &mut bags.bor_alias[i]);
            }
        }
    }
    // Scores.
    let Bags {
        aims: aim_bags,
        aim_chars,
        pair_hits,
        char_hits,
        own_alias,
        bor_alias,
        seen,
        best,
        used,
        cands,
        spans,
        ..
    } = &mut *bags;
    best.clear();
    best.resize(sfigs.len(), 0);
    cands.clear();
    for (i, (f, sp)) in sfigs.iter().zip(spans.iter()).enumerate() {
        let Some(sp) = sp else { continue };
        for (a, aim) in aims.iter().enumerate() {
            let bag = &aim_bags[a];
            let [own, bor, sen] = counts(&pair_hits[a], sp, bag, [&own_alias[i], &bor_alias[i]], seen);
            // Every target's own-words score counts for `best`; the rest is asked only of a
            // target that can take the figure.
            let strong = 4 * own + 3 * bor;
            best[i] = best[i].max(strong);
            if !compatible(aim, &tfigs[aim.fig], f) {
                continue;
            }
            let chars = count(&char_hits[a], &[sp.around], &aim_chars[a], &[], seen);
            // Enough of the indicator: two shared words, or one of a short indicator
            // ("优质专业" is not "骨干专业": one shared word of four is a different designation).
            let n = bag.len();
            let enough = |k: usize| k >= 2 || k >= 1 && k * 3 >= n;
            let ok = enough(own)
                || own >= 1
                    && text::names_head(
                        slice(task, aim.indicator[0], aim.indicator[1]),
                        slice(status, f.left[0], f.left[1]),
                    )
                || enough(bor)
                || sen >= 2
                || specific(f.family) && chars >= 1 && n > 0;
            if ok {
                cands.push((a, i, (strong + sen) * 4 + chars.min(3), strong));
            }
        }
    }
    // Only to a target it names best (on its own words, not the sentence's).
    cands.retain(|&(_, i, _, strong)| strong >= best[i]);
    // Best score first; among equals, an outcome before an estimate, then the earlier figure.
    cands.sort_by(|x, y| y.2.cmp(&x.2).then(sfigs[x.1].estimate.cmp(&sfigs[y.1].estimate)).then(x.1.cmp(&y.1)));
    used.clear();
    used.resize(sfigs.len(), false);
    for &(a, i, _, _) in cands.iter() {
        if matches!(out[a], Found::None) && !used[i] {
            out[a] = Found::One(i);
            used[i] = true;
        }
    }
    // Combined targets: one figure per item, summed; or a lower bound. They compare
    // their items with the bags of the figures' own words, built only for them.
    let Bags { parts, own, own_alias, used, .. } = &mut *bags;
    resize(own, sfigs.len());
    if aims.iter().any(|aim| aim.parts.len() >= 2) {
        for (i, f) in sfigs.iter().enumerate().filter(|(_, f)| !f.skip) {
            bigrams_into(slice(status, f.left[0], f.left[1]), &mut own[i]);
            bigrams_into(slice(status, f.right[0], f.right[1]), &mut own[i]);
            own[i].extend_from_slice(&own_alias[i]);
            finish_bag(&mut own[i]);
        }
    }
    for (a, aim) in aims.iter().enumerate() {
        if aim.parts.len() < 2 {
            continue;
        }
        let mut picks: Vec<usize> = Vec::new();
        for pb in &parts[a] {
            let pick = (0..sfigs.len())
                .filter(|&i| {
                    compatible(aim, &tfigs[aim.fig], &sfigs[i])
                        && !picks.contains(&i)
                        && (!used[i] || matches!(out[a], Found::One(j) if j == i))
                })
                .map(|i| (shared(pb, &own[i]), i))
                .filter(|&(s, _)| s >= 1)
                .max_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
            match pick {
                Some((_, i)) => picks.push(i),
                None => {
                    picks.clear();
                    break;
                }
            }
        }
        if picks.len() == aim.parts.len() {
            for &i in &picks {
                used[i] = true;
            }
            out[a] = Found::Sum(picks);
        } else if let Found::One(i) = out[a] {
            out[a] = Found::Partial(i);
        }
    }
    progress(aims, sfigs, out);
}

/// A lone target with no figure: the department's own share of the target, if stated.
fn progress(aims: &[Aim], sfigs: &[Fig], out: &mut [Found]) {
    if aims.len() == 1
        && aims[0].kind == crate::model::TargetKind::Cumulative
        && matches!(out[0], Found::None | Found::Partial(_))
    {
        if let Some(i) = sfigs.iter().position(|f| f.progress && !f.skip) {
            out[0] = Found::Progress(i);
        }
    }
}
