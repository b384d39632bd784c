//! A synthetic question bank for benchmarks: `cargo run --release --example gen_corpus -- --questions N
//! --out DIR [--seed S]`.
//!
//! The shipped bank has under a thousand questions; `scripts/bench.sh` needs banks of 10k and 100k to show
//! how `qa` scales against `rg`. The generator writes our bank format (front matter, `# Title`, `##`
//! questions with the level/tags line, paragraphs, lists, fenced code) in files of 10-40 questions over the
//! eight topics, with answers of 150-300 words drawn from a Zipf-like vocabulary whose head is real backend
//! words (request, middleware, token, cache, ...) so searches hit. The same arguments give byte-identical
//! output: the random generator is a hand-written SplitMix64, so no dependency upgrade can change its stream.

use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Parser;

/// Write a reproducible synthetic bank of interview questions in the `corpus/` format.
#[derive(Debug, Parser)]
struct Args {
    /// How many questions to write in total.
    #[arg(long, value_name = "N")]
    questions: usize,
    /// Folder to write `<topic>/<file>.md` into; it must not exist or be empty.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Seed of the random generator: the same seed and count give the same bytes.
    #[arg(long, value_name = "S", default_value_t = 42)]
    seed: u64,
}

/// One topic a line: folder | how a question names its context | code language | subjects (file names).
const TOPICS: &str = "\
backend | a backend service | bash | http rest microservices queues deployment logging webhooks graphql
databases | PostgreSQL | sql | indexes transactions replication normalization joins locking sharding redis
php | PHP | php | arrays oop strings types closures generators composer sessions
express | Express | js | middleware routing error-handling streams authentication testing config websockets
flask | Flask | python | routing blueprints contexts sessions templates extensions config testing
laravel | Laravel | php | middleware eloquent queues validation routing container events caching
security | a web application | python | jwt oauth csrf xss cors passwords sessions headers
performance | a high-traffic API | yaml | caching load-balancing rate-limiting profiling scaling cdn latency";

/// Most frequent first: function words, then backend terms interleaved with common verbs and adjectives.
const FUNCTION_WORDS: &str = "the a and is to of in or it for with on that an you not from as are be this by \
    can at when so if only which do no each but one your use every per what how then than also its they all \
    more before after";
const TERMS: &str = "request server user data query cache middleware token index database session api \
    response route key client queue table connection header transaction error worker model service event \
    job controller handler payload password secret cookie schema column row lock replica shard latency \
    timeout retry limit pool socket buffer stream batch migration config log hash signature certificate \
    proxy gateway endpoint container deploy cluster node thread process memory disk network encryption \
    claim scope role permission validation input output template view component package dependency module \
    interface instance singleton factory provider binding facade listener observer callback promise loop \
    concurrency mutex deadlock isolation commit rollback snapshot replication failover backup vacuum plan \
    scan join aggregate filter cursor offset pagination throughput backoff bucket window expiry ttl origin \
    cors csrf xss jwt oauth orm eloquent blueprint artisan composer opcache redis postgres mysql nginx";
const GENERAL: &str = "run return set get read write check send store keep call make need handle start stop \
    change update delete create add remove fail work open close allow block wait pass match find parse \
    serialize load save expire invalidate refresh rotate sign verify encode decode compress measure new old \
    first last same other different small large fast slow safe common simple default current single shared \
    global local remote internal external explicit implicit usually often rarely always never instead";
/// Pseudo-words made of these follow the real ones: the long tail of a real bank's term dictionary.
const SYLLABLES: &str = "ba ko ri tu me sa lo ni de gu pa ve zo ki ra mu te fo ly che dra sn qu xi";
const TAIL_WORDS: usize = 40_000;

const QUESTIONS: [&str; 8] = [
    "How does {a} work in {ctx}?",
    "What is the difference between {a} and {b}?",
    "When should you use {a} instead of {b}?",
    "Why can the {a} slow down {b} handling in {ctx}?",
    "How do you handle {a} failures during {b}?",
    "What happens to the {a} when the {b} times out?",
    "How would you test {a} and {b} in {ctx}?",
    "What are the trade-offs of {a} {b}?",
];
const LEVELS: [&str; 3] = ["junior", "mid", "senior"];

fn main() -> Result<()> {
    let args = Args::parse();
    if fs::read_dir(&args.out).is_ok_and(|mut dir| dir.next().is_some()) {
        bail!("{} is not empty; pick a new folder", args.out.display());
    }
    let topics: Vec<Vec<&str>> = TOPICS.lines().map(|l| l.split(" | ").collect()).collect();
    let vocab = Vocab::new();
    let (rng, out) = (Rng(args.seed), String::new());
    let mut bank = Bank {
        vocab: &vocab,
        rng,
        out,
    };
    let (mut written, mut files, mut bytes) = (0, 0, 0);
    while written < args.questions {
        let count = bank.rng.range(10, 40).min(args.questions - written);
        let topic = &topics[files % topics.len()];
        let subjects: Vec<&str> = topic[3].split_whitespace().collect();
        let subject = subjects[(files / topics.len()) % subjects.len()];
        bank.file(topic, subject, files, count);
        let dir = args.out.join(topic[0]);
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let path = dir.join(format!("{subject}-{files:05}.md"));
        fs::write(&path, &bank.out).with_context(|| format!("writing {}", path.display()))?;
        (written, files, bytes) = (written + count, files + 1, bytes + bank.out.len());
    }
    let (mb, out) = (bytes as f64 / 1e6, args.out.display());
    eprintln!("gen_corpus: wrote {written} questions in {files} files ({mb:.1} MB) to {out}");
    Ok(())
}

/// SplitMix64: tiny, fast, and its stream is fixed by this file alone.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi` (the modulo bias is far below what a benchmark can notice).
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.range(0, items.len() - 1)]
    }
}

/// Words ranked by frequency, drawn with probability proportional to 1 / rank (Zipf, s = 1).
struct Vocab {
    words: Vec<String>,
    cumulative: Vec<f64>,
    terms: Vec<&'static str>,
}

impl Vocab {
    fn new() -> Vocab {
        let terms: Vec<&str> = TERMS.split_whitespace().collect();
        let general: Vec<&str> = GENERAL.split_whitespace().collect();
        let mut words: Vec<String> = FUNCTION_WORDS
            .split_whitespace()
            .map(String::from)
            .collect();
        for i in 0..terms.len().max(general.len()) {
            let pair = terms.get(i).into_iter().chain(general.get(i));
            words.extend(pair.map(|w| w.to_string()));
        }
        let syllables: Vec<&str> = SYLLABLES.split_whitespace().collect();
        for i in 0..TAIL_WORDS {
            let (mut n, mut word) = (i + syllables.len() * syllables.len(), String::new());
            while n > 0 {
                word.push_str(syllables[n % syllables.len()]);
                n /= syllables.len();
            }
            words.push(word);
        }
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Vocab {
            words,
            cumulative,
            terms,
        }
    }
    fn word(&self, rng: &mut Rng) -> &str {
        let total = self.cumulative[self.cumulative.len() - 1];
        let target = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        let i = self.cumulative.partition_point(|&c| c <= target);
        &self.words[i.min(self.words.len() - 1)]
    }
    /// A backend term for questions and tags, the common ones more often (the smaller of two draws).
    fn term(&self, rng: &mut Rng) -> &'static str {
        let last = self.terms.len() - 1;
        self.terms[rng.range(0, last).min(rng.range(0, last))]
    }
}

/// Writes one file at a time into `out`.
struct Bank<'a> {
    vocab: &'a Vocab,
    rng: Rng,
    out: String,
}

impl Bank<'_> {
    /// One Markdown file of `count` questions; `topic` is a parsed line of `TOPICS`.
    fn file(&mut self, topic: &[&str], subject: &str, number: usize, count: usize) {
        let (name, context, lang) = (topic[0], topic[1], topic[2]);
        self.out = format!("---\ntopic: {name}\n");
        if matches!(name, "express" | "flask" | "laravel") {
            let _ = writeln!(self.out, "framework: {name}");
        }
        let title = subject.replace('-', " ");
        let (first, rest) = title.split_at(1);
        let _ = write!(self.out, "tags: [{name}, {subject}]\n---\n\n");
        let _ = write!(self.out, "# {}{rest} {number}\n\n", first.to_uppercase());
        for _ in 0..count {
            let (a, b, template) = (self.term(), self.term(), self.rng.pick(&QUESTIONS));
            let question = template
                .replace("{a}", a)
                .replace("{b}", b)
                .replace("{ctx}", context);
            let tags: Vec<&str> = (0..self.rng.range(2, 4)).map(|_| self.term()).collect();
            let (level, tags) = (self.rng.pick(&LEVELS), tags.join(", "));
            let _ = write!(self.out, "## {question}\n\n**Level:** {level} · ");
            let _ = write!(self.out, "**Tags:** {tags}\n\n");
            self.answer(lang);
        }
    }

    fn term(&mut self) -> &'static str {
        self.vocab.term(&mut self.rng)
    }

    /// 150-300 words: a direct opening, maybe code, maybe a list, more paragraphs, a pitfall or follow-up.
    fn answer(&mut self, lang: &str) {
        let budget = self.rng.range(150, 300);
        let opening = self.rng.range(2, 3);
        let mut words = self.paragraph(opening);
        if self.rng.chance(50) {
            if self.rng.chance(40) {
                self.out.push_str("### Example\n\n");
            }
            self.code(lang);
        }
        if self.rng.chance(40) {
            let numbered = self.rng.chance(50);
            for i in 1..=self.rng.range(3, 5) {
                let bullet = if numbered {
                    format!("{i}.")
                } else {
                    "-".into()
                };
                let _ = write!(self.out, "{bullet} ");
                words += self.sentence();
                self.out.push('\n');
            }
            self.out.push('\n');
        }
        while words + 40 < budget {
            let sentences = self.rng.range(2, 4);
            words += self.paragraph(sentences);
        }
        let label = if self.rng.chance(60) {
            "**Pitfall:** "
        } else {
            "**Follow-up:** "
        };
        self.out.push_str(label);
        self.paragraph(1);
    }

    /// Writes `sentences` sentences and a blank line; returns the number of words written.
    fn paragraph(&mut self, sentences: usize) -> usize {
        let mut words = 0;
        for i in 0..sentences {
            if i > 0 {
                self.out.push(' ');
            }
            words += self.sentence();
        }
        self.out.push_str("\n\n");
        words
    }

    /// One sentence of 6-18 words, capitalised, with the odd comma and `inline code`.
    fn sentence(&mut self) -> usize {
        let len = self.rng.range(6, 18);
        for i in 0..len {
            let word = self.vocab.word(&mut self.rng);
            if i == 0 {
                let (first, rest) = word.split_at(1);
                self.out.push_str(&first.to_uppercase());
                self.out.push_str(rest);
            } else if self.rng.chance(4) {
                let _ = write!(self.out, " `{word}()`");
            } else {
                self.out.push(' ');
                self.out.push_str(word);
            }
            if i > 1 && i + 1 < len && self.rng.chance(7) {
                self.out.push(',');
            }
        }
        self.out.push('.');
        len
    }

    /// A fenced block of 3-8 lines in the topic's language, with identifiers from the vocabulary.
    fn code(&mut self, lang: &str) {
        let _ = writeln!(self.out, "```{lang}");
        for _ in 0..self.rng.range(3, 8) {
            let [a, b, c, d] = [0; 4].map(|_| self.vocab.word(&mut self.rng));
            let line = match (lang, self.rng.range(0, 2)) {
                ("php", 0) => format!("${a} = ${b}->{c}(${d});"),
                ("php", 1) => format!("if (${a} === null) {{ abort(403, '{b} {c}'); }}"),
                ("php", _) => format!("return $next($request->with('{a}', ${d}));"),
                ("js", 0) => format!("const {a} = await {b}.{c}(req.{d});"),
                ("js", 1) => format!("app.use('/{a}', {b}Middleware);"),
                ("js", _) => format!("res.status(200).json({{ {a}, {c} }});"),
                ("python", 0) => format!("{a} = {b}.{c}(request.{d})"),
                ("python", 1) => format!("@app.route('/{a}/<{b}>')"),
                ("python", _) => format!("return jsonify({a}={c})"),
                ("sql", 0) => format!("SELECT {a}, {b} FROM {c} WHERE {d} = $1;"),
                ("sql", 1) => format!("CREATE INDEX {a}_{b}_idx ON {c} ({d});"),
                ("sql", _) => format!("UPDATE {a} SET {b} = {b} + 1 WHERE {c}_id = $1;"),
                ("yaml", 0) => format!("{a}:\n  {b}: {c}"),
                ("yaml", _) => format!("  {a}_{d}: {}", self.rng.range(1, 600)),
                (_, 0) => format!("curl -s -H 'Authorization: Bearer {a}' localhost:8080/{b}/{c}"),
                (_, _) => format!("export {}_{}={d}", a.to_uppercase(), b.to_uppercase()),
            };
            self.out.push_str(&line);
            self.out.push('\n');
        }
        self.out.push_str("```\n\n");
    }
}
