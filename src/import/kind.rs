//! The kind of a statement: from its shape (a list of topics, questions and answers), then
//! from rules read as data (`rules.toml`, extended by `site.toml`).

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::extract::{strip_symbols, ItemText};
use super::lines;

/// The kinds of statement (SPEC: the gold's `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    PhoneCall,
    Meeting,
    Speech,
    Interview,
    Briefing,
    Comment,
    Statement,
    PressRelease,
    Article,
    Message,
    News,
    Feature,
    Digest,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::PhoneCall => "phone-call",
            Kind::Meeting => "meeting",
            Kind::Speech => "speech",
            Kind::Interview => "interview",
            Kind::Briefing => "briefing",
            Kind::Comment => "comment",
            Kind::Statement => "statement",
            Kind::PressRelease => "press-release",
            Kind::Article => "article",
            Kind::Message => "message",
            Kind::News => "news",
            Kind::Feature => "feature",
            Kind::Digest => "digest",
        }
    }

    /// Whether a day the item reports can be its own day. A comment, a statement or an article
    /// reacts to an event, days later or on the day: the day it names is the event's.
    pub fn made_on_the_day_it_reports(self) -> bool {
        match self {
            Kind::Comment | Kind::Statement | Kind::Article => false,
            Kind::PhoneCall | Kind::Meeting | Kind::Speech | Kind::Interview | Kind::Briefing | Kind::PressRelease | Kind::Message | Kind::News | Kind::Feature | Kind::Digest => true,
        }
    }

    /// Whether the item is words said (a speech, an interview's or a briefing's answers): its
    /// heading's day is the day they were said.
    pub fn is_words_said(self) -> bool {
        match self {
            Kind::Speech | Kind::Interview | Kind::Briefing => true,
            Kind::PhoneCall | Kind::Meeting | Kind::Comment | Kind::Statement | Kind::PressRelease | Kind::Article | Kind::Message | Kind::News | Kind::Feature | Kind::Digest => false,
        }
    }

    /// Whether the item reports an event on the day it happened (a readout, a report), rather
    /// than reacting to one days later or looking back at one.
    pub fn reports_event(self) -> bool {
        match self {
            Kind::PhoneCall | Kind::Meeting | Kind::Speech | Kind::Message | Kind::News | Kind::Briefing | Kind::Interview => true,
            Kind::Comment | Kind::Statement | Kind::PressRelease | Kind::Article | Kind::Feature | Kind::Digest => false,
        }
    }
}

/// Where in the item a rule looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Place {
    Heading,
    Opening,
    FirstLine,
    Lead,
    Text,
}

/// A kind rule as written in `rules.toml` or `site.toml`.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct KindRuleDef {
    pub kind: String,
    #[serde(rename = "where")]
    pub place: String,
    pub pattern: String,
    #[serde(default)]
    pub unless: Option<String>,
    #[serde(default)]
    pub weak: bool,
}

struct KindRule {
    kind: Kind,
    place: Place,
    pattern: Regex,
    unless: Option<Regex>,
    weak: bool,
    /// Whether the rule decides on an empty text, found once: most items have no heading, and
    /// a regex search costs as much on nothing as on a short heading.
    decides_on_nothing: bool,
}

impl KindRule {
    /// Whether the rule decides the kind of an item that shows `haystack` where it looks.
    fn decides(&self, haystack: &str) -> bool {
        if haystack.is_empty() {
            return self.decides_on_nothing;
        }
        matches(&self.pattern, self.unless.as_ref(), haystack)
    }
}

/// Whether `pattern` matches in `haystack` and `unless` does not.
fn matches(pattern: &Regex, unless: Option<&Regex>, haystack: &str) -> bool {
    pattern.is_match(haystack) && !unless.is_some_and(|u| u.is_match(haystack))
}

/// The kind rules, compiled: the site's first, then the built-in ones.
pub struct KindRules(Vec<KindRule>);

/// A kind decided, and whether it rests on a weak signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decided {
    pub kind: Kind,
    pub doubtful: bool,
}

/// `\b` in a rule is an ASCII word boundary: Unicode ones push the regex crate onto its slow
/// engines, and the rules run on every statement.
fn compile(pattern: &str) -> Result<Regex, regex::Error> {
    Regex::new(&pattern.replace(r"\b", r"(?-u:\b)"))
}

impl KindRules {
    /// Compiles `defs`; a bad rule is an error that names it.
    pub fn new(defs: &[KindRuleDef]) -> Result<KindRules, String> {
        use rayon::prelude::*;
        // Compiled in parallel, each rule's regexes taking about a millisecond; the first bad
        // rule in order is the error.
        let compiled: Vec<Result<KindRule, String>> = defs
            .par_iter()
            .enumerate()
            .map(|(i, def)| {
                let at = |what: &str, why: String| format!("kind rule {} ({:?}): {what}: {why}", i + 1, def.pattern);
                let kind: Kind = serde::Deserialize::deserialize(toml::Value::String(def.kind.clone())).map_err(|e: toml::de::Error| at("kind", e.to_string()))?;
                let place: Place = serde::Deserialize::deserialize(toml::Value::String(def.place.clone())).map_err(|e: toml::de::Error| at("where", e.to_string()))?;
                let pattern = compile(&def.pattern).map_err(|e| at("pattern", e.to_string()))?;
                let unless = def.unless.as_deref().map(compile).transpose().map_err(|e| at("unless", e.to_string()))?;
                let decides_on_nothing = matches(&pattern, unless.as_ref(), "");
                Ok(KindRule { kind, place, pattern, unless, weak: def.weak, decides_on_nothing })
            })
            .collect();
        compiled.into_iter().collect::<Result<Vec<_>, String>>().map(KindRules)
    }

    pub fn decide(&self, item: &ItemText) -> Decided {
        if let Some(kind) = kind_from_shape(item) {
            return Decided { kind, doubtful: false };
        }
        let heading = item.heading().map(strip_symbols).unwrap_or("");
        let lead = item.lead();
        let opening = format!("{heading} {lead}");
        let first_line = item.lines.first().map(|l| strip_symbols(l)).unwrap_or("");
        for rule in &self.0 {
            let haystack: &str = match rule.place {
                Place::Heading => heading,
                Place::Opening => &opening,
                Place::FirstLine => first_line,
                Place::Lead => lead,
                Place::Text => item.all(),
            };
            if rule.decides(haystack) {
                return Decided { kind: rule.kind, doubtful: rule.weak };
            }
        }
        Decided { kind: Kind::News, doubtful: true }
    }
}

/// "In this issue", "В этом выпуске": the heading of an issue's table of contents.
pub fn heads_contents(heading: &str) -> bool {
    static CONTENTS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\W*(in this issue|contents|в (этом|настоящем) (выпуске|номере)|содержание)").expect("valid"));
    CONTENTS.is_match(heading)
}

/// A list of topics is a digest; questions and answers are an interview (or a briefing, when
/// its heading says so).
fn kind_from_shape(item: &ItemText) -> Option<Kind> {
    static BRIEFING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)briefing(?-u:\b)|брифинг").expect("valid"));
    let lines = || item.lines.iter().zip(&item.features);
    // A digest's items are topics, short; numbered paragraphs of a statement are not.
    let list_items = lines().filter(|(l, f)| (f.stripped_list_item || l.starts_with(|c: char| c.is_ascii_digit()) && l.contains(". ")) && l.chars().count() <= lines::LIST_ENTRY_CHARS).count();
    // A press interview's turns may open with dashes ("— Как пандемия отразилась …?" / "— Нам
    // пришлось …"): a dashed line that asks, answered by a dashed line below it, is a question.
    let dashed = |l: &str| l.starts_with(['—', '–']);
    let dashed_questions = item.lines.windows(2).filter(|pair| dashed(pair[0]) && pair[0].ends_with('?') && dashed(pair[1]) && !pair[1].ends_with('?')).count();
    let questions = dashed_questions + lines().filter(|(l, f)| f.question || strip_symbols(l).ends_with('?') && f.stripped_speaker_turn).count();
    // An issue's contents list its items under their bullets ("— Телефонный разговор …").
    let contents = item.heading().is_some_and(heads_contents) && lines().filter(|(_, f)| f.list_item).count() >= 2;
    if contents || (list_items >= 3 && list_items * 10 >= item.lines.len() * 7 && questions == 0) {
        Some(Kind::Digest)
    } else if questions > 0 {
        // The heading names the briefing, or the line under it does ("Из брифинга официального
        // представителя МИД России, Москва, 23 октября"), or the source closing the item does
        // ("(Из ответов на вопросы СМИ в ходе брифинга …)").
        let heading = item.heading().map(strip_symbols);
        let closing_source = item.lines.last().is_some_and(|l| l.starts_with('(') && BRIEFING.is_match(l));
        let briefing = closing_source || heading.is_some_and(|h| BRIEFING.is_match(h) || BRIEFING.is_match(item.lead()));
        Some(if briefing { Kind::Briefing } else { Kind::Interview })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(lines: &[&'static str]) -> Kind {
        super::super::rules::Rules::builtin().kinds.decide(&ItemText::new(lines.to_vec())).kind
    }

    #[test]
    fn kinds_from_headings_and_leads() {
        assert_eq!(kind(&["On March 30, Foreign Minister Sergey Lavrov had a telephone conversation with Mike Pompeo.", "They talked."]), Kind::PhoneCall);
        assert_eq!(kind(&["Question: Why?", "Anatoly Antonov: Because."]), Kind::Interview);
        assert_eq!(kind(&["Comment by the Information and Press Department on North Macedonia joining NATO", "On March 27, it joined."]), Kind::Comment);
        assert_eq!(kind(&["Vladimir Putin sent a message of greetings to Alexander Lukashenko.", "Text."]), Kind::Message);
        assert_eq!(kind(&["President of Russia Vladimir Putin: Citizens of Russia, friends, the week ends."]), Kind::Speech);
        assert_eq!(kind(&["  1. Coronavirus update", "  2. Syria", "  3. New START"]), Kind::Digest);
        assert_eq!(kind(&["М.В.Захарова: проект не «заморожен»", "Вопрос: Это так?", "М.В.Захарова: Нет.", "(Из ответов на вопросы СМИ в ходе брифинга официального представителя МИД России, Москва, 13 ноября 2025 года)"]), Kind::Briefing);
        assert_eq!(kind(&["В этом выпуске:", "— Телефонный разговор С.В.Лаврова с Министром иностранных дел Сербии", "— Выступление Посла на торжественном собрании", "— Интервью Посла агентству Танюг"]), Kind::Digest);
        // Bullets under a heading that heads no contents are points of the item's own.
        assert_eq!(kind(&["Sergey Lavrov's interview with Channel One", "Key talking points", "• We will need clear-cut guarantees.", "• Europe is beginning to ponder remilitarisation."]), Kind::Interview);
        assert_eq!(kind(&["On March 31, 1981, the film won the Academy Award."]), Kind::Feature);
        assert_eq!(kind(&["A Russian plane carrying medical equipment landed at JFK on Wednesday."]), Kind::News);
    }

    #[test]
    fn common_headings_name_their_kind() {
        assert_eq!(kind(&["Ambassador's answer to a media question about the sanctions", "The sanctions are illegal."]), Kind::Interview);
        assert_eq!(kind(&["🎙 Из ответов Министра иностранных дел России С.В.Лаврова на вопросы СМИ по итогам переговоров с Министром иностранных дел Узбекистана", "Мы удовлетворены."]), Kind::Interview);
        assert_eq!(kind(&["From the answers by Foreign Minister Sergey Lavrov to media questions following the talks", "We are satisfied."]), Kind::Interview);
        assert_eq!(kind(&["Remarks by the Ambassador at the reception", "Dear friends, thank you."]), Kind::Speech);
        assert_eq!(kind(&["Address by the Minister to the participants of the forum", "Colleagues, I welcome you."]), Kind::Speech);
        assert_eq!(kind(&["Condolences over the passing of the former Prime Minister", "We are deeply saddened."]), Kind::Message);
        assert_eq!(kind(&["Greetings on the national holiday", "Please accept our warmest congratulations."]), Kind::Message);
        assert_eq!(kind(&["Соболезнования в связи с кончиной бывшего премьер-министра", "Мы скорбим."]), Kind::Message);
        assert_eq!(kind(&["Statement by Permanent Representative Alexander Lukashevich on media freedom (Vienna, March 13, 2025)", "Mr Chairperson,"]), Kind::Speech);
        assert_eq!(kind(&["Explanation of vote by First Deputy Permanent Representative Dmitry Polyanskiy", "Mr President,"]), Kind::Speech);
        assert_eq!(kind(&["Statement by Vladimir Putin on additional steps to de-escalate the situation in Europe", "The INF Treaty was terminated."]), Kind::Statement);
        // A web list's date under the title is no part of the lead.
        assert_eq!(kind(&["Russian Film Days to be held in Nairobi", "30 October 2025", "From 6 to 9 November, the Embassy will host Russian Film Days."]), Kind::News);
        assert_eq!(kind(&["Heritage: Alexander Bulatovich and the road to Lake Turkana", "3 October 2025", "In 1898, the officer reached the lake."]), Kind::Feature);
        assert_eq!(kind(&["THE NUREMBERG VERDICT, 80 YEARS ON", "Article by Ambassador Denis Alipov, The Hindu, November 13, 2025", "On November 20, 1945, the Tribunal opened."]), Kind::Article);
    }

    #[test]
    fn one_line_posts_tell_their_kind_by_their_lead() {
        assert_eq!(kind(&["Президент направил поздравление Президенту Молдавии в связи с избранием."]), Kind::Message);
        assert_eq!(kind(&["Президент провёл оперативное совещание с постоянными членами Совета Безопасности."]), Kind::Meeting);
        assert_eq!(kind(&["Министр провел выездное совещание в Калуге."]), Kind::Meeting);
        assert_eq!(kind(&["Владимир Путин обратился к участникам международной конференции."]), Kind::Speech);
        assert_eq!(kind(&["The Ambassador addressed the participants of the forum on Arctic cooperation."]), Kind::Speech);
        // A meeting to come is news, and a greeting's sender named alone is no message.
        assert_eq!(kind(&["Министр проведёт совещание с губернаторами в пятницу."]), Kind::News);
        assert_eq!(kind(&["Президент направил проект закона в Государственную Думу."]), Kind::News);
    }

    #[test]
    fn press_interviews_and_greetings_tell_their_kind_below_their_heading() {
        // A heading quoting the interviewee, the line under it naming the interview.
        assert_eq!(kind(&["«ГЕНЕРАЛЬНЫЙ КОНСУЛ: „МЫ ОСТАЁМСЯ НА СВЯЗИ“»", "Интервью газете «Русская Германия»", "Нам пришлось во многом перестроиться."]), Kind::Interview);
        assert_eq!(kind(&["\"We stay in touch with everyone\"", "Interview to the Russian Germany newspaper", "We had to change a lot."]), Kind::Interview);
        assert_eq!(kind(&["«Запад должен понимать: это не блеф»", "Из ответов Министра на вопросы СМИ по итогам саммита «Группы двадцати»:", "Мы настаиваем."]), Kind::Interview);
        // Turns opening with dashes, a question answered below it.
        assert_eq!(kind(&["Консул о работе в пандемию", "— Как пандемия отразилась на работе?", "— Нам пришлось перестроиться.", "— Что вы планируете?", "— Встречи пройдут онлайн."]), Kind::Interview);
        // Dashed lines that ask nothing are a list, and a question no one answers is no turn.
        assert_ne!(kind(&["Консул о работе в пандемию", "— Почему это важно?", "Это важно, потому что очереди выросли вдвое."]), Kind::Interview);
        assert_eq!(kind(&["Foreign Ministry Spokeswoman Maria Zakharova: London's new sanctions against Russian individuals are another futile gesture."]), Kind::Comment);
        assert_eq!(kind(&["Официальный представитель МИД России М.В.Захарова: Лондон ввёл новые санкции."]), Kind::Comment);
        assert_eq!(kind(&["It is with deep sadness that we learned of the passing of Arctic Convoy veteran Harold Wood."]), Kind::Message);
        // A report quoting someone's "we" is no comment of the channel's; its own "we" is.
        assert_ne!(kind(&["RUSSIA DAY RECEPTION AT THE EMBASSY", "On 12 June, the Ambassador hosted a reception on the occasion of Russia Day.", "\"Thousands of engineers were trained in our country, and today we are opening a new chapter,\" the Ambassador said in his address."]), Kind::Comment);
        assert_eq!(kind(&["On the new sanctions", "We regret that the sanctions were extended once again."]), Kind::Comment);
        // A year of history in the lead is a feature's, unless the lead reports an opening.
        assert_eq!(kind(&["Выставка о дипломатах на фронтах войны", "11 апреля в Национальном музее открылась выставка документов 1941–1945 годов."]), Kind::News);
        assert_eq!(kind(&["Diplomats at the front", "In 1941, hundreds of diplomats volunteered for the front."]), Kind::Feature);
        // A greeting whose heading names only the holiday.
        assert_eq!(kind(&["«4 НОЯБРЯ — ДЕНЬ НАРОДНОГО ЕДИНСТВА»", "Дорогие соотечественники! Примите искренние поздравления с Днём народного единства.", "Генеральный консул Е.А.Березин"]), Kind::Message);
        assert_eq!(kind(&["National Unity Day", "Dear compatriots! Please accept my sincere congratulations on National Unity Day.", "Consul General E.A. Berezin"]), Kind::Message);
    }
}
