//! A dump's lines → statements, merged copies and discarded boilerplate.
//!
//! Every non-blank line ends in exactly one place: a statement's text, a statement's duplicate
//! copy, or a discard with its reason. The rules read what the text shows: blank-line gaps,
//! headings, datelines, "READ ALSO" pointers, Q&A turns, language switches, Telegram's
//! interface lines and reaction counters, and lines repeated by a scrape's second copy.
//!
//! The formats ([`super::formats`]) cut with these: [`prose`] for newsletters and web lists,
//! [`telegram`] for channel scrapes; [`edges`] finds a newsletter's masthead and footer and a
//! web page's header.

mod edges;
mod prose;
mod telegram;

pub use edges::{chrome_end, footer_start, header_end, is_rule, masthead_end};
pub use prose::{prose_segments, ProseItems};
pub use telegram::telegram_segments;

use rustc_hash::FxHashSet as HashSet;
use serde::Serialize;

use super::formats::DumpFormat;
use super::lines::Line;
use super::rules::Rules;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiscardReason {
    Footer,
    Header,
    Ui,
    Reaction,
    Navigation,
    /// A rule between a mailing's items ("-----", "* * *").
    #[serde(rename = "other")]
    Separator,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discard {
    pub start: usize,
    pub end: usize,
    pub reason: DiscardReason,
}

/// One statement's lines: its text and the copies of it merged in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segment {
    pub lines: Vec<usize>,
    pub duplicates: Vec<usize>,
    /// Where it starts or ends rests on a weak signal (a change of subject alone).
    pub weak_boundary: bool,
}

/// A line that is nothing but a full date ("14.11.2025", "20 February 2025 15:05"): in a web
/// list, the date of the item the line above or below titles.
pub fn is_date_alone(line: &Line) -> bool {
    line.features.dated_item && super::dates::parse::full_date_only(line.text).is_some()
}

/// Cuts the dump into statements and discards, as its format does.
pub fn segment(lines: &[Line], format: &dyn DumpFormat, rules: &Rules) -> (Vec<Segment>, Vec<Discard>) {
    let mut discards = format.discards(lines, rules);
    let skip: HashSet<usize> = discards.iter().flat_map(|d| d.start..=d.end).collect();
    let content: Vec<&Line> = lines.iter().filter(|l| !l.is_blank() && !skip.contains(&l.number)).collect();
    let segments = format.segment(lines, &content, &discards, rules);
    discards.sort_by_key(|d| d.start);
    (segments, merge_discards(discards, lines))
}

/// Each non-blank line on its own, discarded for the reason `reason` gives it, if any.
pub fn discard_lines(lines: &[Line], reason: impl Fn(&Line) -> Option<DiscardReason>) -> Vec<Discard> {
    lines.iter().filter(|l| !l.is_blank()).filter_map(|l| reason(l).map(|reason| Discard { start: l.number, end: l.number, reason })).collect()
}

/// Adjacent discards of one reason (blank lines between them allowed) become one span.
fn merge_discards(discards: Vec<Discard>, lines: &[Line]) -> Vec<Discard> {
    let mut merged: Vec<Discard> = Vec::new();
    for d in discards {
        if let Some(last) = merged.last_mut() {
            let gap_blank = (last.end + 1..d.start).all(|n| lines.get(n - 1).is_none_or(|l| l.is_blank()));
            if last.reason == d.reason && gap_blank {
                last.end = last.end.max(d.end);
                continue;
            }
        }
        merged.push(d);
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::formats::{self, detect};
    use crate::import::lines;

    fn cut(text: &str, format: &dyn DumpFormat) -> (Vec<Segment>, Vec<Discard>) {
        segment(&lines::split(text), format, &Rules::builtin())
    }

    fn lines_of(segments: &[Segment]) -> Vec<Vec<usize>> {
        segments.iter().map(|s| s.lines.clone()).collect()
    }

    fn spans_of(discards: &[Discard]) -> Vec<(usize, usize, DiscardReason)> {
        discards.iter().map(|d| (d.start, d.end, d.reason)).collect()
    }

    #[test]
    fn formats_are_detected_from_what_the_text_shows() {
        assert_eq!(detect(&lines::split("Post\n👍3\nVIEW IN TELEGRAM\n")).name(), "telegram");
        assert_eq!(detect(&lines::split("01.02.2020 - A\n\n02.02.2020 - B\n\n03.02.2020 - C\n")).name(), "web-list");
        assert_eq!(detect(&lines::split("A readout.\n\n\nAnother item.\n")).name(), "newsletter");
    }

    #[test]
    fn telegram_copies_merge_and_interface_lines_are_discarded() {
        let text = "⚡️ Headline of the post\nFirst paragraph of the post.\nSecond paragraph.\nFirst paragraph of the post.\nSecond paragraph.\nA paragraph only the full copy has.\n👍2🙏1\nMedia is too big\nVIEW IN TELEGRAM\n🎙 Next post headline\nIts text.";
        let (segments, discards) = cut(text, &formats::Telegram);
        assert_eq!(segments.len(), 2, "{segments:?}");
        assert_eq!(segments[0].lines, vec![1, 2, 3, 6]);
        assert_eq!(segments[0].duplicates, vec![4, 5]);
        assert_eq!(segments[1].lines, vec![10, 11]);
        assert_eq!(spans_of(&discards), vec![(7, 7, DiscardReason::Reaction), (8, 9, DiscardReason::Ui)]);
    }

    #[test]
    fn telegram_language_switch_starts_a_statement() {
        let text = "The Embassy hosted a lecture on Russian culture for students.\nВ Посольстве прошла лекция о русской культуре для студентов.\nВ Посольстве прошла лекция о русской культуре для студентов.";
        let (segments, _) = cut(text, &formats::Telegram);
        assert_eq!(segments.len(), 2);
        assert_eq!(segments[1].duplicates, vec![3]);
        // A pointer whose link outweighs its words in letters still ends the post above.
        let text = "В Посольстве прошла лекция о русской культуре для студентов.\nПодробнее: https://example.org/en/news/culture/lecture\n👍3";
        assert_eq!(cut(text, &formats::Telegram).0.iter().map(|s| s.lines.clone()).collect::<Vec<_>>(), vec![vec![1, 2]]);
        // A forward's header is in the client's language, not the post's: it heads the post.
        let text = "👁 3,2K · 10:17\nForwarded from МИД России 🇷🇺\n💬 Комментарий официального представителя МИД России М.В.Захаровой\nФедеральный совет Швейцарии вновь перенёс в законодательство пакет мер ЕС.\n👍 212";
        assert_eq!(cut(text, &formats::Telegram).0.iter().map(|s| s.lines.clone()).collect::<Vec<_>>(), vec![vec![2, 3, 4]]);
    }

    #[test]
    fn telegram_post_shown_again_far_below_is_its_copy() {
        let text = "💬 Comment by the Spokeswoman on the expulsion of a Russian diplomat\nThe authorities declared an employee of the Embassy persona non grata.\n#Zakharova\n👍 2\n🎙 Briefing by the Spokeswoman on current foreign policy issues\nThe main topics of the briefing were the coming contacts of the Minister.\n👍 3\n💬 Comment by the Spokeswoman on the expulsion of a Russian diplomat\nThe authorities declared an employee of the Embassy persona non grata.\n#Zakharova\n👍 4\n📌 The talks will take place in Moscow on the twelfth of December.";
        let (segments, _) = cut(text, &formats::Telegram);
        let cut: Vec<(Vec<usize>, Vec<usize>)> = segments.iter().map(|s| (s.lines.clone(), s.duplicates.clone())).collect();
        assert_eq!(cut, vec![(vec![1, 2, 3], vec![8, 9, 10]), (vec![5, 6], vec![]), (vec![12], vec![])]);
    }

    #[test]
    fn newsletter_items_split_at_gaps_elisions_and_pointers() {
        let text = "First item, a readout.\nIts second line.\n\n\nSecond item ends cut short <…>\nThird item follows at once.\nREAD ALSO: something related\nFourth item after the pointer.\n\nComment by the Ministry on the talks\n\nWe regret the outcome.\n\n2020 Russian Embassy\nYou can unsubscribe from this list.";
        let (segments, discards) = cut(text, &formats::Newsletter);
        let starts: Vec<usize> = segments.iter().map(|s| s.lines[0]).collect();
        assert_eq!(starts, vec![1, 5, 6, 8, 10], "{segments:?}");
        assert_eq!(segments[2].lines, vec![6, 7], "READ ALSO belongs to the item above");
        assert_eq!(segments[4].lines, vec![10, 12], "a heading belongs to the item it heads");
        assert_eq!(discards, vec![Discard { start: 14, end: 15, reason: DiscardReason::Footer }]);
    }

    #[test]
    fn telegram_copy_wrapped_otherwise_merges() {
        // The copy breaks the post's second line in two: each half is still a copy.
        let text = "🎙 Remarks by the Spokeswoman on the sanctions\nThe sanctions policy has failed once again. Instead of the promised collapse, we see the decline of Europe itself.\nInstead of the promised collapse, we see the decline of Europe itself.\n👍3\n🎙 Next post\nIts text.";
        let (segments, _) = cut(text, &formats::Telegram);
        assert_eq!(segments[0].lines, vec![1, 2]);
        assert_eq!(segments[0].duplicates, vec![3], "{segments:?}");
        // A short line inside a longer one ("Thank you.") is no copy.
        let text = "🎙 A post\nWe met the students. Thank you.\nThank you.";
        assert_eq!(cut(text, &formats::Telegram).0[0].lines, vec![1, 2, 3]);
    }

    #[test]
    fn newsletter_masthead_and_footer_rule_are_discarded() {
        let text = "Новости Генерального консульства\nВыпуск № 41, 20 октября 2025 г.\n\nТелефонный разговор министров\n17 октября состоялся телефонный разговор.\n\n---\nВы получили это письмо, так как подписаны на рассылку.\n© 2025 Генеральное консульство";
        let (segments, discards) = cut(text, &formats::Newsletter);
        assert_eq!(lines_of(&segments), vec![vec![4, 5]]);
        assert_eq!(spans_of(&discards), vec![(1, 2, DiscardReason::Header), (7, 9, DiscardReason::Footer)]);
        assert_eq!(formats::Newsletter.issue_date(&lines::split(text), &Rules::builtin()), chrono::NaiveDate::from_ymd_opt(2025, 10, 20));
        // An item's heading and lead are no masthead, though the lead has a number and a date.
        for text in ["Telephone conversation with the President of Finland\nOn November 12, Vladimir Putin had a telephone conversation.\n\nNext item.", "Issue 41 of the digest is out: read it here.\n\nNext item."] {
            let (_, discards) = cut(text, &formats::Newsletter);
            assert!(discards.is_empty(), "{text}: {discards:?}");
        }
    }

    #[test]
    fn newsletter_rules_between_items_separate_them_and_a_sign_off_stays() {
        let text = "Greetings on Russia Day\nDear friends, today we celebrate our national holiday together with you.\nI wish you good health and every success. Happy Russia Day!\nAlexander Petrov, Ambassador of Russia\n----------\nTalks with the Deputy Minister\nOn Tuesday, the Ambassador held talks with the Deputy Minister of Foreign Affairs.\n* * *\nDid you know?\nIn 1972, the two hockey teams played eight games.";
        let (segments, discards) = cut(text, &formats::Newsletter);
        assert_eq!(lines_of(&segments), vec![vec![1, 2, 3, 4], vec![6, 7], vec![9, 10]]);
        assert_eq!(spans_of(&discards), vec![(5, 5, DiscardReason::Separator), (8, 8, DiscardReason::Separator)]);
    }

    #[test]
    fn web_list_header_and_dated_items() {
        let text = "24 November 2020\nMoscow: 15:22\nLondon: 12:22\n\n\n20.11.2020 - First news\n\nIts teaser.\n\n18.11.2020 - Second news\n\nIts teaser.\n\nall messages";
        let (segments, discards) = cut(text, &formats::WebList);
        assert_eq!(lines_of(&segments), vec![vec![6, 8], vec![10, 12]]);
        assert_eq!(discards.iter().map(|d| d.reason).collect::<Vec<_>>(), vec![DiscardReason::Header, DiscardReason::Navigation]);
    }

    #[test]
    fn newsletter_glued_without_gaps_keeps_its_masthead_footer_and_signatures_apart() {
        // No blank line anywhere: the masthead ends above the first heading in capitals, a
        // greeting's signature stays with it, a rule parts the footer (whose first line tells
        // how the mailing is sent) from the last item, whose e-mail address is no footer's.
        let text = "КОНСУЛЬСКИЙ ВЕСТНИК № 19 (ноябрь 2020 г.)\nГенеральное консульство России в Гамбурге — рассылка для соотечественников\n«О ПОРЯДКЕ ПРИЁМА ГРАЖДАН»\nПриём ведётся по предварительной записи на сайте консульства.\n«4 НОЯБРЯ — ДЕНЬ НАРОДНОГО ЕДИНСТВА»\nДорогие соотечественники! Примите искренние поздравления с праздником.\nЖелаю вам крепкого здоровья и благополучия.\nГенеральный консул Российской Федерации в Гамбурге Е.А.Березин\n«РУССКИЙ ГАМБУРГ: ЦЕРКОВЬ СВЯТОГО ИОАННА»\nХрам был построен в 1965 году и освящён в 2004 году.\nЭкскурсии проводятся по субботам. Заявки принимаются по адресу church.hamburg@example.org\n~ ~ ~ ~ ~ ~\nВестник рассылается бесплатно всем, кто встал на консульский учёт.\nЧтобы больше не получать рассылку, ответьте на это письмо словом СТОП.\n© Генконсульство России в Гамбурге, 2020";
        let (segments, discards) = cut(text, &formats::Newsletter);
        assert_eq!(lines_of(&segments), vec![vec![3, 4], vec![5, 6, 7, 8], vec![9, 10, 11]]);
        assert_eq!(spans_of(&discards), vec![(1, 2, DiscardReason::Header), (12, 15, DiscardReason::Footer)]);
    }

    #[test]
    fn newsletter_masthead_ends_at_its_rule_and_numbered_paragraphs_end_no_item() {
        // The masthead's lines run into a rule; a statement's numbered paragraphs are no list
        // whose end starts an item, so its closing words stay with it.
        let text = "RUSSIA IN VIENNA — Weekly Bulletin\nNo. 42 · 21 November 2025\n------\nSTATEMENT BY THE PERMANENT REPRESENTATIVE AT THE BOARD OF GOVERNORS\n1. The Russian Federation has taken note of the latest report of the Director General on the situation at the plant, and of the many questions it leaves unanswered, not least the question of who shells the plant and its town week after week.\n2. We would like to draw the attention of the Board once again to the fact that the main threat to the safety of the plant comes from the strikes of drones and artillery on its power lines, on its cooling ponds and on the town.\nThank you, Mr Chairman.\n------\nMIKHAIL ULYANOV MEETS THE DIRECTOR GENERAL\nThe interlocutors discussed the situation around the plant.";
        let (segments, discards) = cut(text, &formats::Newsletter);
        assert_eq!(lines_of(&segments), vec![vec![4, 5, 6, 7], vec![9, 10]]);
        assert_eq!(discards[0], Discard { start: 1, end: 2, reason: DiscardReason::Header });
        // Short numbered entries are a list still: the paragraph after them starts an item.
        let text = "Contents of the issue\n\n1. Talks in Moscow\n2. Greetings on the holiday\n3. The Ambassador's interview\nThe Ambassador held talks with the Minister of Foreign Affairs on Tuesday.";
        assert_eq!(cut(text, &formats::Newsletter).0.iter().map(|s| s.lines[0]).collect::<Vec<_>>(), vec![1, 6]);
    }

    #[test]
    fn web_list_show_more_button_is_navigation() {
        let text = "12.11.2025 12:40\nКомментарий официального представителя МИД России\nЗапуск подтверждает надёжность техники.\n\nПоказать ещё\n\n© Министерство иностранных дел Российской Федерации, 2025";
        let (segments, discards) = cut(text, &formats::WebList);
        assert_eq!(lines_of(&segments), vec![vec![1, 2, 3]]);
        assert!(discards.iter().any(|d| d.start == 5 && d.reason == DiscardReason::Navigation), "{discards:?}");
    }

    #[test]
    fn telegram_media_placeholder_under_a_headline_stays_inside_its_post() {
        // The headline, the video it carries, the text: one post; a view counter closes one.
        let text = "🎙 Statement by Permanent Representative Vassily Nebenzia at the UNSC briefing on arms supplies\nMedia is too big\nVIEW IN TELEGRAM\n💬 Our Western colleagues keep telling us that the weapons they supply are meant for defence.\n👍 214 🔥 31\n👁 8.9K 17:42\n📞 Состоялся телефонный разговор с Премьер-министром Армении\n52 тыс. просмотров · 13:40\n✍️ Президент подписал Федеральный закон о поддержке семей\n30,7 тыс. просмотров · 15:15";
        let (segments, _) = cut(text, &formats::Telegram);
        assert_eq!(lines_of(&segments), vec![vec![1, 4], vec![7], vec![9]]);
    }

    #[test]
    fn newsletter_with_a_heading_under_every_wide_gap_keeps_an_article_s_spaced_paragraphs_together() {
        // Items part by two blank lines, each under its heading; an article's paragraphs part by
        // one, and share no words: no change of subject parts them.
        let text = "Lavrov holds talks with the Foreign Minister of Serbia\nThe ministers discussed bilateral cooperation and regional security.\n\n\nRussian in Serbia: a new generation\nArticle by the head of the Russian House for a Belgrade daily\n\nOver the last three years the number of Serbian schoolchildren choosing Russian as their second foreign language has doubled, and twelve new school clubs have opened.\n\nInterest is no accident. Young people see it as a key to education, careers in engineering and medicine, and travel across Eurasia.\n\n\nRussian Film Days close in Nis\nThe festival showed eight films to more than two thousand viewers.\n\n\nApplications open for state-funded study in Russia\nCitizens of Serbia may apply for university places until the end of January.";
        let (segments, _) = cut(text, &formats::Newsletter);
        assert_eq!(lines_of(&segments), vec![vec![1, 2], vec![5, 6, 8, 10], vec![13, 14], vec![17, 18]]);
    }

    #[test]
    fn newsletter_paragraph_opening_with_a_word_in_quotes_is_no_quote_opening_an_item() {
        let text = "КОММЕНТАРИЙ ОФИЦИАЛЬНОГО ПРЕДСТАВИТЕЛЯ МИД РОССИИ О СУДЬБЕ ЧЕРНОМОРСКОЙ ИНИЦИАТИВЫ\nСпустя одиннадцать месяцев после подписания договорённостей приходится констатировать, что меморандум не выполняется.\n«Гуманитарная» составляющая сделки тем временем превратилась в сугубо коммерческую.\n\n\nНовости культуры\nВ Аккре открылась выставка.";
        let (segments, _) = cut(text, &formats::Newsletter);
        assert_eq!(lines_of(&segments), vec![vec![1, 2, 3], vec![6, 7]]);
        // A quote with its attribution still opens the next item, glued on, an apostrophe in it
        // or not.
        for quote in ["“We consistently support the study of Russian in Ghana,” says Consul Ivan Petrov.", "“We’re supporting the study of Russian in Ghana,” says Consul Ivan Petrov."] {
            let text = format!("Ambassador meets students\nThe Ambassador met students of the university on Monday.\nThey discussed scholarships.\n{quote}");
            assert_eq!(lines_of(&cut(&text, &formats::Newsletter).0), vec![vec![1, 2, 3], vec![4]], "{quote}");
        }
    }

    #[test]
    fn web_list_page_numbers_above_a_sidebar_and_a_footer_of_networks_are_no_item() {
        let text = "Новости\n\nЗаявление российской делегации\n10 марта 2023 г.\nДелегация призвала к переговорам.\nЧитать далее\n\nВстреча с Генеральным директором ВОЗ\n9 марта 2023 г.\nСостоялся обмен мнениями.\nЧитать далее\n\n« Предыдущая  1  2  3  …  142  Следующая »\n\nПопулярное\nИнтервью газете «Известия»\nВсе материалы раздела\n\nПодписаться на новости Постпредства\nTelegram | ВКонтакте | Twitter | YouTube\n© 2006–2023 Постоянное представительство Российской Федерации";
        let (segments, discards) = cut(text, &formats::WebList);
        assert_eq!(lines_of(&segments), vec![vec![3, 4, 5, 6], vec![8, 9, 10, 11]]);
        assert!(discards.iter().any(|d| d.start <= 13 && d.end >= 13 && d.reason == DiscardReason::Navigation), "{discards:?}");
        assert_eq!(discards.last().map(|d| (d.start, d.reason)), Some((19, DiscardReason::Footer)));
    }

    #[test]
    fn newsletter_signature_with_its_office_and_day_stays_and_a_dated_title_starts_an_item() {
        let text = "Greetings on Cosmonautics Day\nDear friends,\nToday we celebrate the sixtieth anniversary of the first human flight into space together with you.\nIgor Veselov\nAmbassador of the Russian Federation to Australia\nCanberra, 12 April 2021\nRemarks by the Ambassador at the Reception\nCanberra, 9 April 2021\nThank you all for joining us here tonight.\nTalks in Canberra\nCanberra, 8 April 2021\nThe Ambassador held talks with the Minister of Trade in the Parliament House.";
        assert_eq!(lines_of(&cut(text, &formats::Newsletter).0), vec![vec![1, 2, 3, 4, 5, 6], vec![7, 8, 9], vec![10, 11, 12]]);
    }

    #[test]
    fn web_list_whose_dates_close_their_items_keeps_each_date_with_the_item_above() {
        let text = "Press Centre › News\n\nAmbassador Met with the Permanent Secretary\nToday the Ambassador met the Permanent Secretary of the Ministry.\nRead more\nPublished: 12.05.2021\n\nEmbassy Comment on a Bangkok Post Article\nWe have taken note of an article published on 7 May.\nRead more\nPublished: 10.05.2021\n\nVictory Day Commemorated at the Embassy\nOn 9 May, the staff laid flowers at the memorial.\nRead more\nОпубликовано: 09.05.2021";
        let all = lines::split(text);
        assert_eq!(detect(&all).name(), "web-list");
        let (segments, _) = cut(text, &formats::WebList);
        assert_eq!(lines_of(&segments), vec![vec![3, 4, 5, 6], vec![8, 9, 10, 11], vec![13, 14, 15, 16]]);
    }

    #[test]
    fn newsletter_forwarded_keeps_its_mail_headers_with_its_masthead() {
        let text = "---------- Forwarded message ---------\nFrom: Embassy of the Russian Federation in Canada <newsletter@example.org>\nDate: Fri, Mar 6, 2020 at 11:17 AM\nSubject: Embassy Newsletter No. 5 (March 2020)\nTo: <reader@example.org>\n\n\nEMBASSY OF THE RUSSIAN FEDERATION IN CANADA\nNewsletter · No. 5 · March 6, 2020\n\nAmbassador attends Maslenitsa festival in Ottawa\nOn February 29, the Ambassador attended the festival.";
        let (segments, discards) = cut(text, &formats::Newsletter);
        assert_eq!(lines_of(&segments), vec![vec![11, 12]]);
        assert_eq!(spans_of(&discards), vec![(1, 9, DiscardReason::Header)]);
        // Without a masthead below, the headers alone are the header.
        let text = "From: Embassy of Russia <news@example.org>\nSubject: News of the week\n\nAmbassador attends Maslenitsa festival in Ottawa\nOn February 29, the Ambassador attended the festival.\n\nConsular notice\nThe Consular Section is closed on Monday.";
        assert_eq!(spans_of(&cut(text, &formats::Newsletter).1), vec![(1, 2, DiscardReason::Header)]);
    }
}
