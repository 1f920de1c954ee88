//! Built-in rules the importer falls back on when `site.toml` gives none: keywords for the
//! default topics, and the countries and organisations that become tags.

/// Keywords per default topic slug (matched case-insensitively as substrings, so a stem like
/// "sanction" catches "sanctions" and "санкци" its Russian forms).
pub const TOPIC_KEYWORDS: &[(&str, &[&str])] = &[
    ("coronavirus", &["coronavirus", "covid", "pandemic", "epidemic", "virus", "ventilator", "коронавирус", "пандеми"]),
    ("ukraine", &["ukrain", "kiev", "kyiv", "donbass", "zelensky", "minsk", "kursk", "украин", "киев"]),
    ("united-states", &["united states", "u.s.", "washington", "american", "americans", "сша", "американ"]),
    ("arms-control", &["arms control", "strategic stability", "new start", "inf treaty", "nuclear", "non-proliferation", "missile", "disarmament", "arms race", "ракет", "разоружени"]),
    ("energy", &["energy", "oil", "gas ", "opec", "energy infrastructure", "нефт", "энергет"]),
    ("history-ww2", &["world war", "great patriotic war", "wwii", "nazi", "victory", "red army", "liberation", "1945", "soviet troops", "войн", "побед"]),
    ("space", &["space", "cosmonaut", "astronaut", "roscosmos", "nasa", "космос", "космич"]),
    ("middle-east", &["syria", "middle east", "iran", "israel", "libya", "jcpoa", "red sea", "palestin", "сири", "ближн"]),
    ("balkans", &["serbia", "kosovo", "belgrade", "north macedonia", "skopje", "balkan", "yugoslavia", "серби", "косово"]),
    ("nato", &["nato", "north atlantic", "нато"]),
    ("media", &["journalist", "media", "press freedom", "newspaper", "fake news", "censorship", "сми", "журналист"]),
    ("sanctions", &["sanction", "restrictions", "swift", "санкци"]),
    ("humanitarian-aid", &["humanitarian", "aid", "assistance", "rescue", "medical equipment", "disinfection", "гуманитарн"]),
    ("culture-travel", &["culture", "cultural", "film", "movie", "museum", "exhibition", "travel", "tour", "poem", "festival", "культур", "выставк", "фильм"]),
    ("eurasia", &["belarus", "kazakhstan", "eurasian", "union state", "cis ", "lukashenko", "tokayev", "белорус", "казахстан"]),
    ("arctic", &["arctic", "northern sea route", "icebreaker", "арктик"]),
    ("asia-pacific", &["china", "chinese", "asean", "singapore", "myanmar", "japan", "korea", "asia-pacific", "vietnam", "сингапур", "азиатско-тихоокеан", "асеан"]),
    ("europe", &["europe", "european", "germany", "france", "italy", "berlin", "paris", "eu ", "osce", "council of europe", "slovakia", "hungary", "европ", "германи"]),
];

/// Countries and organisations that become tags when a statement names them.
pub const TAG_NAMES: &[&str] = &[
    "United States", "Ukraine", "China", "Germany", "France", "Italy", "United Kingdom", "Serbia", "Kosovo",
    "Belarus", "Kazakhstan", "Syria", "Iran", "Israel", "Libya", "Afghanistan", "Turkey", "India", "Japan",
    "Singapore", "Myanmar", "Greece", "Poland", "Slovakia", "Hungary", "Armenia", "Azerbaijan", "Georgia",
    "North Macedonia", "Czech Republic", "Romania", "Finland", "Sweden", "Norway", "Canada", "Brazil",
    "NATO", "United Nations", "UN Security Council", "OSCE", "European Union", "Council of Europe", "G20", "G7",
    "BRICS", "SCO", "ASEAN", "WHO", "UNESCO", "OPEC", "CIS", "EAEU", "International Criminal Court",
];
