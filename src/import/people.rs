//! People whose words an item carries or who take part in what it reports: the site's known
//! people (with their name variants), and anyone a title introduces ("Mayor Sergey Sobyanin").

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, Input, MatchKind};
use regex::Regex;

use super::extract::{main_clause, strip_symbols, Dictionary, ItemText};
use super::kind::Kind;
use crate::config::PersonDef;

pub struct People {
    known: Dictionary,
    /// Where a title starts: the only places a titled name can start.
    titles: AhoCorasick,
    /// A title, then a capitalised name of two or three words, anchored: tried only where a
    /// title starts. Unanchored, the regex crate searched back from each match's end for its
    /// start, and building that reverse search's states (its Unicode classes make them
    /// costly) was four fifths of the cost of finding the people.
    titled: Regex,
}

/// The pattern of a title (one of `titles`, literal text), its office ("of Russia to India",
/// "of Commerce and Industry of India"), then a capitalised name of two or three words (the
/// group). The office's capitalised words are taken as far as they go, giving back the last
/// two to the name: "Minister of Foreign Affairs Sergey Lavrov".
fn titled_pattern(titles: &[String]) -> String {
    let mut titles: Vec<String> = titles.iter().map(|t| regex::escape(t)).collect();
    // Longest first, so that "Deputy Foreign Minister" wins over "Minister".
    titles.sort_by_key(|t| std::cmp::Reverse(t.len()));
    let name = r"\p{Lu}[\p{Ll}’'-]+";
    let office = r"(?:\s+(?:for|of|to|and|in|on)\s+(?:the\s+)?\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+)*)*";
    format!(r"(?:{}){office}\s+({name}(?:\s+{name}){{1,2}})", titles.join("|"))
}

impl People {
    pub fn new(known: &[PersonDef], titles: &[String]) -> People {
        // No title at all makes the pattern's alternation empty, matching as an empty title.
        let starts = if titles.is_empty() { &[String::new()][..] } else { titles };
        People {
            known: Dictionary::people(known),
            titles: AhoCorasick::builder().match_kind(MatchKind::LeftmostFirst).build(starts).expect("plain titles build"),
            titled: Regex::new(&format!("^{}", titled_pattern(titles))).expect("escaped titles make a valid pattern"),
        }
    }

    /// Known people named in `text`, and people a title introduces, in order of mention.
    fn named(&self, text: &str) -> Vec<String> {
        self.named_at(text).into_iter().map(|(_, name)| name).collect()
    }

    /// [`People::named`], each with where in `text` it is named.
    fn named_at(&self, text: &str) -> Vec<(usize, String)> {
        let mut found: Vec<(usize, String)> = self.known.mentioned_at(text).into_iter().map(|(at, name)| (at, name.to_string())).collect();
        for name in self.titled_names(text) {
            let clean = text[name.clone()].trim_end_matches("’s").trim_end_matches("'s");
            let known_here = found.iter().any(|(at, _)| name.contains(at));
            if !known_here && self.known.mentioned(clean).is_empty() {
                found.push((name.start, clean.to_string()));
            }
        }
        found.sort_by_key(|(at, _)| *at);
        found
    }

    /// Where in `text` the names a title introduces are, as the titled pattern's group in each
    /// of its matches (`captures_iter`): each match is the pattern's at the first place it
    /// matches, after the last match, where a title starts.
    fn titled_names<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
        let mut from = 0;
        std::iter::from_fn(move || {
            while from <= text.len() {
                let start = self.titles.find(Input::new(text).span(from..text.len()))?.start();
                from = start + 1;
                // Only an empty title matches within a char, where no match can start.
                if !text.is_char_boundary(start) {
                    continue;
                }
                if let Some(caps) = self.titled.captures(&text[start..]) {
                    from = start + caps.get(0).expect("the whole match").end();
                    let name = caps.get(1).expect("the pattern has a group").range();
                    return Some(start + name.start..start + name.end);
                }
            }
            None
        })
    }

    /// Who a verb of speech at `start..end` of a sentence is said of, of the people `named`
    /// in it ([`People::named_at`]): the person named last before it ("Anatoly Antonov said"),
    /// else first after it ("says Sergey Saveliev").
    fn speaker_of(named: &[(usize, String)], start: usize, end: usize) -> Option<String> {
        // How far from the verb a name may stand: a title and an office between them.
        const REACH: usize = 90;
        let before = named.iter().filter(|(at, _)| *at < start && start - at <= REACH + 40).last();
        let after = named.iter().find(|(at, _)| *at >= end && at - end <= REACH);
        before.or(after).map(|(_, name)| name.clone())
    }

    /// The speakers of its turns, the parties named in a call's or meeting's lead, the sender
    /// of a message, the author named in its heading, the people said to speak in a report.
    pub fn of(&self, item: &ItemText, kind: Kind) -> Vec<String> {
        let mut found: Vec<String> = Vec::new();
        let mut add = |names: Vec<String>| {
            for name in names {
                if !found.contains(&name) {
                    found.push(name);
                }
            }
        };
        let heading = item.heading().map(strip_symbols).unwrap_or("");
        let lead = main_clause(item.lead());
        match kind {
            Kind::PhoneCall | Kind::Meeting => {
                // Joined as two sentences: a name or an office runs across no sentence's end.
                add(self.named(&format!("{heading}. {lead}")));
                // "The Russian side was represented by …": a party named after the lead.
                static REPRESENTED: LazyLock<Regex> = LazyLock::new(|| {
                    Regex::new(r"(?-u:\b)(represented by|(headed|led) by|took part|participated)(?-u:\b)|представлял|возглавлял|принял(и)? участие").expect("valid")
                });
                for sentence in item.opening(4).into_iter().filter(|s| REPRESENTED.is_match(s)) {
                    add(self.named(sentence));
                }
            }
            Kind::Message => add(self.named(lead).into_iter().take(1).collect()),
            Kind::Speech | Kind::Interview | Kind::Briefing | Kind::Comment | Kind::Statement | Kind::PressRelease | Kind::Article | Kind::News | Kind::Feature | Kind::Digest => {
                add(self.named(heading))
            }
        }
        // Speakers: "Sergey Lavrov: …", "💬 President Putin: …".
        for (line, features) in item.lines.iter().zip(&item.features) {
            let line = strip_symbols(line);
            let introduces_quote = line.ends_with(':') && line.chars().count() < 120;
            if (features.stripped_speaker_turn || introduces_quote) && !features.stripped_question {
                if let Some((label, _)) = line.split_once(':') {
                    let label = label.split(',').next().unwrap_or(label);
                    add(self.known.mentioned(label).first().map(|p| p.to_string()).into_iter().collect());
                }
            }
        }
        // Reported speech: "Anatoly Antonov said", "says Sergey Saveliev", "Ambassador Anatoly
        // Antonov delivered a speech": the person named next to the verb. A department's
        // comment (it has a heading) quotes others, who do not speak in it.
        static SAID: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?-u:\b)(said|says|noted|stressed|added|pointed out|delivered|addressed)(?-u:\b)").expect("valid")
        });
        let reports_speech = match kind {
            Kind::News | Kind::Interview => true,
            Kind::Comment => item.heading().is_none(),
            Kind::PhoneCall | Kind::Meeting | Kind::Speech | Kind::Briefing | Kind::Statement | Kind::PressRelease | Kind::Article | Kind::Message | Kind::Feature | Kind::Digest => false,
        };
        if reports_speech {
            for line in item.lines.iter().take(3) {
                // No verb spans a sentence's end (". "), and the words around one are the same in
                // its line: the verbs are found in the whole line at once, each then read in its
                // sentence. Most lines have none.
                let mut verbs = SAID.find_iter(line).peekable();
                // Splitting reads as far as the first sentence's end: a line without a verb is
                // not split at all.
                if verbs.peek().is_none() {
                    continue;
                }
                let mut start = 0;
                for sentence in line.split(". ") {
                    if verbs.peek().is_none() {
                        break;
                    }
                    let end = start + sentence.len();
                    // The people of a sentence, looked for once however many verbs it has.
                    let mut named = None;
                    while let Some(verb) = verbs.next_if(|verb| verb.start() < end) {
                        let named = named.get_or_insert_with(|| self.named_at(sentence));
                        add(People::speaker_of(named, verb.start() - start, verb.end() - start).into_iter().collect());
                    }
                    start = end + ". ".len();
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_introduce_people_the_site_does_not_list() {
        let known = vec![PersonDef { name: "Sergey Lavrov".into(), variants: vec!["Lavrov".into()] }];
        let people = People::new(&known, &["Mayor".into(), "Foreign Minister".into(), "Special Representative".into()]);
        let item = ItemText::new(vec!["On June 15, Foreign Minister Sergey Lavrov held talks with Special Representative for Afghanistan Zamir Kabulov."]);
        assert_eq!(people.of(&item, Kind::Meeting), ["Sergey Lavrov", "Zamir Kabulov"]);
        let item = ItemText::new(vec!["Tests will double, Moscow Mayor Sergey Sobyanin said on Thursday."]);
        assert_eq!(people.of(&item, Kind::News), ["Sergey Sobyanin"]);
        // Each verb is read in its own sentence of the line.
        let item = ItemText::new(vec!["Mayor Sergey Sobyanin said. Then Mr. Lavrov. Foreign Minister Sergey Lavrov added, and noted. It was said.  Said Mayor Ivan Petrov. said"]);
        assert_eq!(people.of(&item, Kind::News), ["Sergey Sobyanin", "Sergey Lavrov", "Ivan Petrov"]);
    }

    #[test]
    fn a_title_s_office_may_run_long_and_names_stay_within_their_sentence() {
        let people = People::new(&[], &rules_titles().iter().map(|t| t.to_string()).collect::<Vec<_>>());
        let item = ItemText::new(vec!["On Wednesday, Ambassador of Russia to India Denis Alipov met with Minister of Commerce and Industry of India Piyush Goyal."]);
        assert_eq!(people.of(&item, Kind::Meeting), ["Denis Alipov", "Piyush Goyal"]);
        let item = ItemText::new(vec!["Minister of Foreign Affairs Sergey Lavrov held talks with the Director of the Department of European Problems."]);
        assert_eq!(people.of(&item, Kind::Meeting), ["Sergey Lavrov"]);
        // The heading's last words and the lead's first are of two sentences.
        let item = ItemText::new(vec!["Talks with the President of the UN General Assembly Volkan Bozkir", "On December 3, the sides discussed the agenda."]);
        assert_eq!(people.of(&item, Kind::Meeting), ["Volkan Bozkir"]);
    }

    /// Sentences with titles where a name follows and where none does, titles within titles,
    /// offices, possessives, Russian names and text.
    const TITLED: [&str; 9] = [
        "On June 15, Foreign Minister Sergey Lavrov held talks with Special Representative for Afghanistan Zamir Kabulov.",
        "Deputy Foreign Minister Minister Ivan Petrov Sidorov Kuznetsov met Director General Of the Agency and Director General Anna Maria’s aide.",
        "Prime Minister of the Russian Federation Mikhail Mishustin, President Vladimir Putin’s envoy, Mayor Sergey Sobyanin's deputy",
        "Ambassador Анатолий Антонов и Посол Россия said; Secretary of State Marco Rubio-Smith, host  Ivan  O'Neil",
        "Minister\u{a0}Émile Zola Ñandú and Spokeswoman Maria Zakharova\nsaid President Putin. Head of Mission Chief Officer",
        "President", "Mayor Ivan", "", "Министр иностранных дел Сергей Лавров и Президент Владимир Путин, Director Ǆemal Ǉubić",
    ];

    #[test]
    fn titled_names_are_those_of_the_unanchored_pattern() {
        let cases: [&[&str]; 4] = [&["Mayor", "Foreign Minister", "Special Representative", "Minister"], &rules_titles(), &[], &["", "Director"]];
        for titles in cases {
            let titles: Vec<String> = titles.iter().map(|t| t.to_string()).collect();
            let people = People::new(&[], &titles);
            let unanchored = Regex::new(&titled_pattern(&titles)).unwrap();
            for text in TITLED {
                let expected: Vec<Range<usize>> = unanchored.captures_iter(text).map(|caps| caps.get(1).unwrap().range()).collect();
                assert_eq!(people.titled_names(text).collect::<Vec<_>>(), expected, "{titles:?} in {text:?}");
            }
        }
    }

    fn rules_titles() -> Vec<&'static str> {
        super::super::rules::builtin().person_titles.iter().map(|t| t.as_str()).collect()
    }
}
