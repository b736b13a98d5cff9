#!/usr/bin/env python3
"""Generate a synthetic corpus of Indonesian-style press releases for benchmarks.

Why this exists: the 14 hand-written samples in ``data/releases.jsonl`` are far too few to
show how newsroom-cli behaves with a realistic archive (tens of thousands of releases).
Real archives cannot be committed, so this script builds a look-alike corpus that is

* deterministic -- the same ``N`` and ``--seed`` always give byte-identical output, so
  benchmark runs on different machines or commits are comparable;
* dependency-free -- standard library only, runnable before the project is installed;
* fast -- 100,000 JSONL records in a few seconds, so generating is never the bottleneck.

The text is nonsense-but-plausible: headlines, datelines, quotations and dates follow the
house style of a regional Bawaslu news desk (weekday and date always agree), but the
events and people are invented.

Usage::

    python bench/generate_corpus.py 10000 --seed 42 --format jsonl --out corpus.jsonl
    python bench/generate_corpus.py 500 --format md --out /tmp/corpus-md --status mixed
    python bench/generate_corpus.py 50 --out -        # JSONL to stdout
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

# (dateline city, name of the supervising office's area)
PLACES: tuple[tuple[str, str], ...] = (
    ("Bengkalis", "Bengkalis"),
    ("Duri", "Bengkalis"),
    ("Pekanbaru", "Riau"),
    ("Dumai", "Dumai"),
    ("Siak", "Siak"),
    ("Bagansiapiapi", "Rokan Hilir"),
    ("Pasir Pengaraian", "Rokan Hulu"),
    ("Bangkinang", "Kampar"),
    ("Pangkalan Kerinci", "Pelalawan"),
    ("Rengat", "Indragiri Hulu"),
    ("Tembilahan", "Indragiri Hilir"),
    ("Teluk Kuantan", "Kuantan Singingi"),
    ("Selatpanjang", "Kepulauan Meranti"),
    ("Tanjungpinang", "Kepulauan Riau"),
    ("Padang", "Sumatera Barat"),
)

TAGS: tuple[str, ...] = (
    "Pengawasan",
    "Sosialisasi",
    "Humas",
    "Pilkada",
    "Pemilu 2024",
    "Netralitas ASN",
    "Kampanye",
    "Partisipatif",
    "Penindakan",
    "Data Pemilih",
    "Logistik",
    "Pemilih Pemula",
)

AUTHORS: tuple[str, ...] = (
    "Humas Bawaslu Bengkalis",
    "Humas Bawaslu Riau",
    "Humas Bawaslu Dumai",
    "Ayu Lestari",
    "Dedi Saputra",
    "Rina Marlina",
    "Fajar Nugroho",
)

CATEGORIES: tuple[str, ...] = ("Berita",) * 17 + ("Siaran Pers", "Pengumuman", "Berita")

SPEAKERS: tuple[str, ...] = (
    "Rahmat Hidayat",
    "Sulastio",
    "Nurhasanah",
    "Yuliani Putri",
    "Hendra Gunawan",
    "Fadli Rahman",
    "Irwan Syahputra",
    "Siti Aminah",
    "Joko Prasetyo",
    "Maria Simanjuntak",
)

ROLES: tuple[str, ...] = (
    "Ketua Bawaslu {area}",
    "Anggota Bawaslu {area}",
    "Koordinator Divisi Pencegahan Bawaslu {area}",
    "Koordinator Divisi Penanganan Pelanggaran Bawaslu {area}",
    "Koordinator Divisi Hukum dan Humas Bawaslu {area}",
    "Kepala Sekretariat Bawaslu {area}",
)

SAY_VERBS: tuple[str, ...] = ("ujar", "kata", "tegas", "jelas", "tutur")

# Headline = "{SUBJECT} {VERB} {OBJECT}{PLACE_SUFFIX}"; a counter is appended on collisions.
H_SUBJECTS: tuple[str, ...] = (
    "Bawaslu {area}",
    "Pengawas {area}",
    "Panwaslu Kecamatan di {area}",
    "Jajaran Bawaslu {area}",
)
H_VERBS: tuple[str, ...] = (
    "Awasi",
    "Perketat Pengawasan",
    "Gelar Sosialisasi",
    "Evaluasi",
    "Kaji",
    "Siapkan",
    "Petakan Kerawanan",
    "Tindak Lanjuti Temuan",
    "Kawal",
    "Perkuat Koordinasi",
    "Sosialisasikan Aturan",
    "Pantau",
    "Buka Posko Pengaduan",
    "Bahas",
)
H_OBJECTS: tuple[str, ...] = (
    "Pemutakhiran Data Pemilih",
    "Distribusi Logistik Pemilu",
    "Kampanye Tatap Muka",
    "Netralitas ASN",
    "Rekapitulasi Suara",
    "Pemasangan Alat Peraga",
    "Masa Tenang",
    "Pemungutan Suara Ulang",
    "Verifikasi Partai Politik",
    "Pencalonan Anggota DPRD",
    "Dana Kampanye",
    "Pemilih Disabilitas",
    "Kampanye di Media Sosial",
    "Seleksi Pengawas Ad Hoc",
    "Pemilih Pemula",
    "Penghitungan Suara",
    "Politik Uang",
    "Daftar Pemilih Tetap",
    "Debat Publik Calon",
    "Sengketa Proses Pemilu",
)
H_SUFFIXES: tuple[str, ...] = (
    "",
    " Jelang Pilkada",
    " Jelang Pemungutan Suara",
    " Bersama Pemangku Kepentingan",
    " di Tingkat Desa",
    " di Wilayah Perbatasan",
    " di Daerah Pesisir",
    " Secara Daring",
    " Bersama Pemuda",
    " Hingga Tingkat TPS",
)

ACTIVITIES: tuple[str, ...] = (
    "rapat koordinasi pengawasan",
    "sosialisasi pengawasan partisipatif",
    "patroli pengawasan",
    "pengawasan distribusi logistik",
    "uji petik data pemilih",
    "bimbingan teknis bagi pengawas ad hoc",
    "diskusi publik tentang politik uang",
    "penelusuran informasi awal",
    "rapat evaluasi tahapan",
)
GROUPS: tuple[str, ...] = (
    "Panwaslu Kecamatan",
    "Panwaslu Kelurahan/Desa",
    "pengawas TPS",
    "tokoh masyarakat",
    "pemilih pemula",
    "organisasi kepemudaan",
    "perwakilan partai politik",
    "jurnalis setempat",
    "aparatur desa",
)
STAGES: tuple[str, ...] = (
    "pemutakhiran data pemilih",
    "pencalonan",
    "kampanye",
    "masa tenang",
    "pemungutan dan penghitungan suara",
    "rekapitulasi hasil",
    "pengadaan dan distribusi logistik",
)

OPENERS: tuple[str, ...] = (
    "Bawaslu {area} menggelar {act} bersama {group} di {city} pada {date}.",
    "Bawaslu {area} melaksanakan {act} yang melibatkan {group} pada {date}.",
    "Jajaran pengawas di {city} mengikuti {act} yang diselenggarakan Bawaslu {area}, {date}.",
    "Menghadapi tahapan {stage}, Bawaslu {area} menggelar {act} pada {date}.",
)
SENTENCES: tuple[str, ...] = (
    "Kegiatan ini bertujuan memastikan tahapan {stage} berjalan sesuai ketentuan.",
    "Sebanyak {n} peserta dari berbagai kecamatan hadir dalam kegiatan tersebut.",
    "Pengawas diminta mencatat setiap temuan di lapangan dalam formulir hasil pengawasan.",
    "Temuan yang memenuhi unsur pelanggaran akan ditindaklanjuti sesuai mekanisme.",
    "Bawaslu {area} juga membuka posko pengaduan di setiap kecamatan.",
    "Masyarakat diajak melapor apabila menemukan dugaan pelanggaran di lingkungannya.",
    "Koordinasi dengan KPU {area} dilakukan agar saran perbaikan cepat ditindaklanjuti.",
    "Pengawasan dilakukan secara melekat sejak persiapan hingga tahapan selesai.",
    "Sejumlah {group} menyampaikan masukan terkait kerawanan di wilayah masing-masing.",
    "Materi yang disampaikan mencakup regulasi terbaru dan pemanfaatan teknologi pengawasan.",
    "Hasil kegiatan akan dituangkan dalam laporan yang disampaikan kepada Bawaslu Provinsi.",
    "Peserta juga berdiskusi tentang cara menangkal kabar bohong menjelang tahapan {stage}.",
    "Pihaknya mencatat {n} laporan masyarakat yang masuk sepanjang pekan ini.",
    "Pengawasan difokuskan pada daerah yang pada pemilihan sebelumnya tergolong rawan.",
    "Bawaslu {area} menyiapkan tim patroli yang bergerak hingga ke desa-desa terpencil.",
    "Rapat ditutup dengan penandatanganan komitmen bersama untuk menjaga pemilu yang jujur.",
    "Pengawas kecamatan di {city} diminta aktif menyampaikan laporan harian.",
    "Menurut jadwal, tahapan {stage} akan berlangsung selama beberapa pekan ke depan.",
    "Bawaslu {area} menilai kerja sama dengan {group} sejauh ini berjalan baik.",
    "Saran perbaikan disampaikan secara tertulis agar dapat ditelusuri kembali.",
    "Setiap dugaan pelanggaran dikaji terlebih dahulu sebelum ditetapkan statusnya.",
    "Kegiatan serupa akan digelar di kecamatan lain secara bergiliran.",
    "Pengawas juga memastikan pemilih penyandang disabilitas mendapat layanan yang layak.",
    "Sebagian peserta mengaku baru pertama kali mengikuti kegiatan pengawasan pemilu.",
)
QUOTES: tuple[str, ...] = (
    "Kami mengajak seluruh warga untuk ikut mengawasi setiap tahapan",
    "Pengawasan tidak bisa dilakukan sendiri, butuh peran serta masyarakat",
    "Setiap laporan yang masuk pasti kami tindak lanjuti sesuai prosedur",
    "Pencegahan jauh lebih baik daripada penindakan",
    "Kami ingin tahapan {stage} berjalan jujur, adil, dan transparan",
    "Pengawas harus hadir sejak awal sampai akhir, tidak boleh ada yang terlewat",
    "Warga yang peduli adalah mitra terbaik pengawas pemilu",
    "Jangan ragu melapor, identitas pelapor kami lindungi",
    "Kami terus berkoordinasi dengan KPU dan kepolisian di {city}",
    "Netralitas penyelenggara dan aparatur adalah harga mati",
)

WEEKDAYS_ID: tuple[str, ...] = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS_ID: tuple[str, ...] = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

FIRST_DAY = dt.date(2019, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)


def _build_days() -> list[tuple[str, str, str]]:
    """Precompute (ISO date, "Senin (29/6/2020)", "Senin, 29 Juni 2020") for every day."""
    days = []
    for offset in range((LAST_DAY - FIRST_DAY).days + 1):
        d = FIRST_DAY + dt.timedelta(days=offset)
        wd = WEEKDAYS_ID[d.weekday()]
        days.append(
            (
                d.isoformat(),
                f"{wd} ({d.day}/{d.month}/{d.year})",
                f"{wd}, {d.day} {MONTHS_ID[d.month - 1]} {d.year}",
            )
        )
    return days


DAYS = _build_days()
TIMES: tuple[str, ...] = tuple(f"{h:02d}:{m:02d}:00" for h in range(7, 21) for m in (0, 15, 30, 45))


def slugify(text: str, max_len: int = 60) -> str:
    """ASCII slug for file names: lowercase, other runs become one hyphen, cut at a word."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > max_len:
        cut = slug.rfind("-", 0, max_len + 1)
        slug = slug[: cut if cut > 0 else max_len]
    return slug.strip("-") or "rilis"


def _quote_paragraph(rng: random.Random, fill: dict[str, str]) -> str:
    """A quotation paragraph: “Sentence. Sentence,” ujar ROLE, NAME."""
    parts = [q.format(**fill) for q in rng.sample(QUOTES, rng.randint(1, 2))]
    said = rng.choice(SAY_VERBS)
    name = rng.choice(SPEAKERS)
    role = rng.choice(ROLES).format(**fill)
    who = f"{role}, {name}" if rng.random() < 0.5 else name
    return "“" + ". ".join(parts) + f",” {said} {who}."


def _paragraph(rng: random.Random, pool: list[str], fill: dict[str, str]) -> str:
    """A plain paragraph of 2-4 template sentences taken from the article's shuffled pool.

    Sentences are popped from ``pool`` so they do not repeat within an article until the pool
    runs dry, at which point it is refilled and reshuffled.
    """
    out = []
    for _ in range(rng.randint(2, 4)):
        if not pool:
            pool.extend(SENTENCES)
            rng.shuffle(pool)
        out.append(pool.pop().format(n=str(rng.randint(12, 250)), **fill))
    return " ".join(out)


def generate(n: int, seed: int = 42, status_mode: str = "published") -> Iterator[dict[str, object]]:
    """Yield ``n`` release dicts with the keys of ``data/releases.jsonl`` (in that order)."""
    rng = random.Random(seed)
    seen: dict[str, int] = {}
    for _ in range(n):
        city, area = rng.choice(PLACES)
        iso, date_short, date_long = rng.choice(DAYS)
        fill = {
            "city": city,
            "area": area,
            "stage": rng.choice(STAGES),
            "group": rng.choice(GROUPS),
            "act": rng.choice(ACTIVITIES),
            "date": date_short if rng.random() < 0.6 else date_long,
        }

        base = (
            rng.choice(H_SUBJECTS).format(area=area)
            + " "
            + rng.choice(H_VERBS)
            + " "
            + rng.choice(H_OBJECTS)
            + rng.choice(H_SUFFIXES)
        )
        count = seen.get(base, 0) + 1
        seen[base] = count
        title = base if count == 1 else f"{base} ({count})"

        pool = list(SENTENCES)
        rng.shuffle(pool)
        first_sentence = rng.choice(OPENERS).format(**fill)
        second = pool.pop().format(n=str(rng.randint(12, 250)), **fill)
        paragraphs = [f"{first_sentence} {second}"]
        for _ in range(rng.randint(3, 9)):
            if rng.random() < 0.3:
                paragraphs.append(_quote_paragraph(rng, fill))
            else:
                paragraphs.append(_paragraph(rng, pool, fill))

        k = rng.randint(1, 5)
        with_berita = rng.random() < 0.85
        tags = ["Berita", *rng.sample(TAGS, k - 1)] if with_berita else rng.sample(TAGS, k)

        # Always draw the roll so --status does not change any other field for a given seed.
        roll = rng.random()
        status = "published"
        if status_mode == "mixed" and roll >= 0.8:
            status = "draft" if roll < 0.93 else "review"

        yield {
            "title": title,
            "summary": first_sentence,
            "body": "\n\n".join(paragraphs),
            "dateline": city,
            "category": rng.choice(CATEGORIES),
            "author": rng.choice(AUTHORS),
            "lang": "id",
            "status": status,
            "published_at": f"{iso}T{rng.choice(TIMES)}+07:00",
            "tags": tags,
        }


def write_jsonl(records: Iterator[dict[str, object]], fh: TextIO) -> int:
    """Write one JSON object per line; returns the number of records written."""
    count = 0
    buf: list[str] = []
    for rec in records:
        buf.append(json.dumps(rec, ensure_ascii=False))
        count += 1
        if len(buf) >= 5000:
            fh.write("\n".join(buf) + "\n")
            buf.clear()
    if buf:
        fh.write("\n".join(buf) + "\n")
    return count


def _yaml_str(value: str) -> str:
    """A JSON string literal is also a valid double-quoted YAML scalar."""
    return json.dumps(value, ensure_ascii=False)


def to_markdown(rec: dict[str, object]) -> str:
    """Render one release as Markdown with hand-written YAML front matter."""
    tags = rec["tags"]
    assert isinstance(tags, list)
    lines = [
        "---",
        f"title: {_yaml_str(str(rec['title']))}",
        f"date: {rec['published_at']}",
        "tags:",
        *(f"  - {_yaml_str(t)}" for t in tags),
        "categories:",
        f"  - {_yaml_str(str(rec['category']))}",
        f"author: {_yaml_str(str(rec['author']))}",
        f"summary: {_yaml_str(str(rec['summary']))}",
        f"draft: {'false' if rec['status'] == 'published' else 'true'}",
        f"dateline: {_yaml_str(str(rec['dateline']))}",
        "---",
        "",
        str(rec["body"]),
        "",
    ]
    return "\n".join(lines)


def write_markdown(records: Iterator[dict[str, object]], folder: Path) -> int:
    """Write one ``NNNNNN-slug.md`` file per release into ``folder``; returns the count."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for count, rec in enumerate(records, 1):
        name = f"{count:06d}-{slugify(str(rec['title']))}.md"
        (folder / name).write_text(to_markdown(rec), encoding="utf-8", newline="\n")
    return count


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Generate a seeded synthetic corpus of Indonesian press releases."
    )
    parser.add_argument("n", type=int, help="number of releases to generate")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default: 42)")
    parser.add_argument("--format", choices=("jsonl", "md"), default="jsonl")
    parser.add_argument(
        "--out",
        default="-",
        help="jsonl: output file or '-' for stdout (default); md: output folder (required)",
    )
    parser.add_argument(
        "--status",
        choices=("published", "mixed"),
        default="published",
        help="'mixed' gives ~80%% published, the rest draft or review",
    )
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be >= 0")
    if args.format == "md" and args.out == "-":
        parser.error("--format md needs --out FOLDER")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    records = generate(args.n, seed=args.seed, status_mode=args.status)
    if args.format == "md":
        count = write_markdown(records, Path(args.out))
    elif args.out == "-":
        try:
            with open(
                sys.stdout.fileno(), "w", encoding="utf-8", newline="\n", closefd=False
            ) as out:
                count = write_jsonl(records, out)
        except BrokenPipeError:
            # e.g. piped into `head`; stop quietly.
            return 0
    else:
        path = Path(args.out)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            count = write_jsonl(records, fh)
    print(f"wrote {count} releases to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
