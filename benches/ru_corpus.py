#!/usr/bin/env python3
"""A Russian archive with real inflection, for the search recall benchmark (benches/recall.py).

    benches/ru_corpus.py -n 2000 -o DIR        an annals archive in DIR (site.toml, content/)
    benches/ru_corpus.py --words               every form of the lemmas below, one a line

Statements are made of sentences whose words are the lemmas of diplomatic news below, each
put in a form drawn from all its forms (cases, numbers, tenses, persons, genders) by pymorphy3's
dictionary: the sentences are not grammatical, the words are real Russian word forms, as a
reader's query and an archive's text meet them. Needs: pip install pymorphy3 pymorphy3-dicts-ru.
"""
import argparse
import datetime as dt
import os
import random

LEMMAS = """
переговоры встреча беседа разговор заявление сообщение комментарий интервью выступление речь
послание соболезнование поздравление визит консультация совещание саммит конференция форум
санкция ограничение мера решение договор соглашение меморандум протокол документ резолюция
посольство посол консульство дипломат министр министерство ведомство президент премьер
правительство парламент депутат делегация сторона партнёр страна государство республика
федерация союз организация совет комиссия комитет агентство служба представитель глава
сотрудничество отношение связь диалог взаимодействие партнёрство интеграция безопасность
оборона армия война конфликт кризис урегулирование перемирие мир стабильность угроза атака
удар операция ситуация положение обстановка вопрос проблема тема повестка позиция подход
экономика торговля энергетика газ нефть трубопровод поставка рынок инвестиция кредит банк
валюта рубль доллар цена налог бюджет проект программа стратегия план инициатива предложение
граница территория регион область город столица народ гражданин человек журналист пресса
агрессия провокация обвинение нарушение право закон суд расследование преступление терроризм
выборы голосование референдум кампания партия оппозиция власть режим лидер руководитель
вакцина пандемия здоровье помощь гуманитарный беженец эвакуация катастрофа жертва ущерб
культура образование наука спорт молодёжь история память годовщина победа юбилей праздник
российский американский европейский китайский украинский международный двусторонний
многосторонний внешний иностранный военный экономический политический дипломатический
официальный совместный важный новый главный срочный взаимный стратегический региональный
провести обсудить подчеркнуть заявить сообщить отметить выразить обменяться согласовать
подписать принять ввести отменить продлить поддержать осудить призвать предложить встретиться
договориться рассмотреть укрепить развивать обеспечить направить передать посетить поздравить
""".split()

TOPICS = ["Санкции", "Переговоры", "Безопасность", "Экономика", "Энергетика", "Культура", "Здравоохранение"]
KINDS = ["readout", "statement", "interview", "speech", "comment", "message"]


def lexemes(morph):
    """Each lemma's forms, folded as the index folds them (ё read as е), without repeats."""
    forms = {}
    for lemma in LEMMAS:
        parse = morph.parse(lemma)[0]
        words = sorted({f.word.replace("ё", "е") for f in parse.lexeme if f.word.isalpha()})
        forms[lemma] = words
    return forms


# Lemmas are drawn by a Zipf law, as words of a real text are: a few in most statements, most
# in few.
WEIGHTS = [1 / (rank + 1) for rank in range(len(LEMMAS))]


def sentence(rng, forms):
    lemmas = rng.choices(LEMMAS, weights=WEIGHTS, k=rng.randint(6, 14))
    words = [rng.choice(forms[lemma]) for lemma in lemmas]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def write_archive(n, out, seed, forms):
    rng = random.Random(seed)
    statements = os.path.join(out, "content", "statements")
    os.makedirs(statements, exist_ok=True)
    with open(os.path.join(out, "site.toml"), "w", encoding="utf-8") as f:
        f.write('title = "Русский архив заявлений"\nbase_url = "http://127.0.0.1/"\nlanguage = "ru"\n')
    start = dt.date(2020, 1, 1).toordinal()
    for i in range(n):
        date = dt.date.fromordinal(start + rng.randint(0, 2000))
        title = sentence(rng, forms).rstrip(".")
        body = "\n\n".join(" ".join(sentence(rng, forms) for _ in range(rng.randint(2, 5))) for _ in range(rng.randint(2, 6)))
        topics = ", ".join(f'"{t}"' for t in rng.sample(TOPICS, rng.randint(1, 2)))
        front = f'title = "{title}"\ndate = {date.isoformat()}\nkind = "{rng.choice(KINDS)}"\nlang = "ru"\ntopics = [{topics}]\n'
        with open(os.path.join(statements, f"s{i:06d}.md"), "w", encoding="utf-8") as f:
            f.write(f"+++\n{front}+++\n\n{body}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("-o", "--out")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--words", action="store_true")
    args = parser.parse_args()
    import pymorphy3

    forms = lexemes(pymorphy3.MorphAnalyzer())
    if args.words:
        print("\n".join(sorted({w for words in forms.values() for w in words})))
        return
    if not args.out:
        parser.error("-o DIR is needed to write an archive")
    write_archive(args.n, args.out, args.seed, forms)


if __name__ == "__main__":
    main()
