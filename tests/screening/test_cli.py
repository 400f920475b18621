import json

from sigap.screening.cli import main


def _write_jsonl(path, n):
    posts = [
        "Dibutuhkan admin ke Kamboja gaji 15jt, visa turis, hub WA 0812-3456-7890",
        "Dicari kasir di Medan, kirim lamaran ke hrd@toko.co.id",
        "Info loker Malaysia, syarat mudah, proses cepat, japri",
    ]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"p{i}", "text": posts[i % 3]}) + "\n")


def test_ten_thousand_lines_with_bad_lines(tmp_path, capsys):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write_jsonl(src, 10_000)
    with open(src, "ab") as fh:
        fh.write(b"{not json\n")  # line 10001
        fh.write(b'{"id": "x", "text": "gaji \xff"}\n')  # line 10002
        fh.write(b'{"id": "y"}\n')  # line 10003
        fh.write(b'{"id": "z", "text": "Kerja di Myawaddy, tiket gratis"}\n')  # line 10004
    assert main(["screen", str(src), "-o", str(out), "--no-progress", "--no-model"]) == 1
    err = capsys.readouterr().err
    assert "line 10001: invalid JSON" in err
    assert "line 10002: not UTF-8" in err
    assert 'line 10003: no "text"' in err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 10_001
    assert rows[0]["id"] == "p0" and rows[0]["level"] == "tinggi"
    assert {"tujuan_dilarang", "visa_non_kerja"} <= set(rows[0]["flags"])
    assert rows[0]["entities"]["phones"] == ["+6281234567890"]
    assert rows[1]["level"] == "rendah"
    assert rows[-1]["id"] == "z" and "tujuan_dilarang" in rows[-1]["flags"]
    assert set(rows[0]) >= {"id", "level", "score", "flags", "entities"}


def test_csv_in_and_out(tmp_path, capsys):
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text(
        'id,text\n1,"Admin ke Kamboja, gaji 15jt"\n2,\n3,Kasir di Malang\n', encoding="utf-8"
    )
    assert main([str(src), "-o", str(out), "--no-progress"]) == 1
    assert 'line 3: no "text" value' in capsys.readouterr().err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id,level,score,flags,entities"
    assert lines[1].startswith("1,tinggi,")
    assert lines[2].startswith("3,rendah,")


def test_jsonl_to_csv(tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.csv"
    _write_jsonl(src, 3)
    assert main([str(src), "-o", str(out), "--no-progress"]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4


def test_unknown_extension_is_a_usage_error(tmp_path, capsys):
    src = tmp_path / "in.txt"
    src.write_text("x", encoding="utf-8")
    assert main([str(src), "-o", str(tmp_path / "o.jsonl")]) == 2
    assert ".jsonl or .csv" in capsys.readouterr().err


def test_missing_input_is_a_usage_error(tmp_path, capsys):
    assert main([str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o.jsonl")]) == 2
    assert "sigap screen:" in capsys.readouterr().err


def test_long_texts_and_a_spent_time_budget_are_reported(tmp_path, capsys):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "long", "text": "bhd-" * 60_000}) + "\n")
        fh.write(json.dumps({"id": "ok", "text": "Dicari kasir di Medan"}) + "\n")
    args = ["screen", str(src), "-o", str(out), "--no-progress", "--no-model"]
    assert main(args) == 1
    assert "record 'long': text longer than 20000 characters" in capsys.readouterr().err
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["ok"]
    assert main([*args, "--time-budget", "-1"]) == 1
    assert "record 'ok': not screened, the time budget is spent" in capsys.readouterr().err
    assert out.read_text() == ""
