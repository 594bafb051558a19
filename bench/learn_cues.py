"""Learn the English cue lexicon from the PolNeAR training split (never dev or test).

    PYTHONPATH=. .venv/bin/python bench/learn_cues.py [--cache DIR]

For every gold cue span, its head token (spaCy parse) gives a (lemma, POS) count, and each word form
inside the cue a form count; beside each, how often that lemma or form occurs in the split at all.
Writes presswatch/lang/en/cue_lemmas.tsv and cue_forms.tsv (counts only, no text). Rows seen fewer
than 3 times, or never as a cue, are left out.

    PYTHONPATH=. .venv/bin/python bench/learn_cues.py --form-lemmas

writes only presswatch/lang/en/cue_form_lemmas.tsv: for each word form of cue_forms.tsv, the lemma the
model's lemmatizer gives it as a verb, where that is not the form itself and the lexicon knows the lemma as
a verb (the rules path reads a cue's strength by lemma and frame, as the parse path does).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

from attribution import MODEL, load_docs  # noqa: E402

from presswatch.quotes.lexicon import verb_frame  # noqa: E402

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|:")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", help="folder for the parsed split (spaCy DocBin), reused when present")
    ap.add_argument("--model", default=MODEL)
    ap.add_argument("--form-lemmas", action="store_true", help="write cue_form_lemmas.tsv only (no parse)")
    args = ap.parse_args()
    import spacy
    from spacy.tokens import DocBin

    if args.form_lemmas:
        write_form_lemmas(spacy.load(args.model, exclude=["ner", "senter"]))
        return

    docs = load_docs("train")
    cache = Path(args.cache) / "train-all.spacy" if args.cache else None
    if cache is not None and cache.exists():
        parsed = list(DocBin().from_disk(cache).get_docs(spacy.blank("en").vocab))
    else:
        nlp = spacy.load(args.model, exclude=["ner"])
        parsed = list(nlp.pipe([d["text"] for d in docs], batch_size=16))
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            db = DocBin()
            for doc in parsed:
                db.add(doc)
            db.to_disk(cache)
    lem_cue: Counter[tuple[str, str]] = Counter()
    lem_all: Counter[tuple[str, str]] = Counter()
    form_cue: Counter[str] = Counter()
    form_all: Counter[str] = Counter()
    frame_cue: Counter[tuple[str, str]] = Counter()
    frame_all: Counter[tuple[str, str]] = Counter()
    for d, doc in zip(docs, parsed, strict=True):
        text = d["text"]
        heads: set[int] = set()
        for a in d["attributions"]:
            if a["cue"]:
                span = doc.char_span(a["cue"][0], a["cue"][1], alignment_mode="expand")
                if span is not None and len(span):
                    heads.add(span.root.i)
        for tok in doc:
            lem_all[(tok.lemma_.lower(), tok.pos_)] += 1
            if tok.pos_ == "VERB":
                key = (tok.lemma_.lower(), verb_frame(tok))
                frame_all[key] += 1
                frame_cue[key] += tok.i in heads
        for m in WORD.finditer(text):
            form_all[m.group().lower()] += 1
        for a in d["attributions"]:
            if not a["cue"]:
                continue
            s, e = a["cue"][0], a["cue"][1]
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None and len(span):
                lem_cue[(span.root.lemma_.lower(), span.root.pos_)] += 1
            for m in WORD.finditer(text[s:e]):
                form_cue[m.group().lower()] += 1
    out = REPO / "presswatch" / "lang" / "en"
    with (out / "cue_lemmas.tsv").open("w", encoding="utf-8") as f:
        f.write("# lemma\tPOS\ttimes the head of a PolNeAR train cue\toccurrences in PolNeAR train "
                "(bench/learn_cues.py)\n")
        for key, n in sorted(lem_cue.items(), key=lambda kv: (-kv[1], kv[0])):
            if lem_all[key] >= 3 and n >= 2:
                f.write(f"{key[0]}\t{key[1]}\t{n}\t{lem_all[key]}\n")
    with (out / "cue_forms.tsv").open("w", encoding="utf-8") as f:
        f.write("# word form\ttimes inside a PolNeAR train cue\toccurrences in PolNeAR train "
                "(bench/learn_cues.py)\n")
        for form, n in sorted(form_cue.items(), key=lambda kv: (-kv[1], kv[0])):
            if form_all[form] >= 3 and n >= 2:
                f.write(f"{form}\t{n}\t{form_all[form]}\n")
    with (out / "cue_frames.tsv").open("w", encoding="utf-8") as f:
        f.write("# verb lemma\tframe (ccomp, xcomp, dobj or none: its first complement)\ttimes the head of a PolNeAR "
                "train cue\toccurrences in PolNeAR train (bench/learn_cues.py)\n")
        for key, n in sorted(frame_cue.items(), key=lambda kv: (-kv[1], kv[0])):
            if frame_all[key] >= 3 and n >= 1:
                f.write(f"{key[0]}\t{key[1]}\t{n}\t{frame_all[key]}\n")
    print(f"{len(lem_cue)} cue lemmas, {len(form_cue)} cue forms from {len(docs)} articles")


def write_form_lemmas(nlp: object) -> None:
    from spacy.tokens import Doc

    from presswatch.quotes.lexicon import load_lexicon

    lex = load_lexicon()
    known = {lemma for (lemma, pos) in lex.lemmas if pos == "VERB"} | {lemma for lemma, _frame in lex.frames}
    lemmatizer = nlp.get_pipe("lemmatizer")  # type: ignore[attr-defined]
    rows = []
    for form in sorted(lex.forms):
        if not form.replace("'", "").isalpha():
            continue
        tok = Doc(nlp.vocab, words=[form])[0]  # type: ignore[attr-defined]
        tok.pos_ = "VERB"
        lemma = lemmatizer.lemmatize(tok)[0].lower()
        if lemma != form and lemma in known:
            rows.append((form, lemma))
    out = REPO / "presswatch" / "lang" / "en" / "cue_form_lemmas.tsv"
    with out.open("w", encoding="utf-8") as f:
        f.write("# word form\tits lemma as a verb (the model's lemmatizer; bench/learn_cues.py --form-lemmas)\n")
        for form, lemma in rows:
            f.write(f"{form}\t{lemma}\n")
    print(f"{len(rows)} form lemmas")


if __name__ == "__main__":
    main()
