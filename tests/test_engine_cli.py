"""The `earspace` command line, end to end (physical engine, prompt parser, file output)."""

import json
import subprocess
import sys

import numpy as np
import pytest
import soundfile as sf

from engine.cli import main
from engine.metrics import itd_gcc_phat_ms, spl_difference_db


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_render_hard_left_puts_more_energy_and_earlier_sound_in_the_left_ear(
    capsys, noise_wav, tmp_path
):
    out = tmp_path / "left.wav"
    code, stdout, _ = _run(
        capsys, "render", str(noise_wav), "--prompt", "hard left", "-o", str(out)
    )
    assert code == 0, stdout
    audio, rate = sf.read(out, always_2d=True)
    assert rate == 48_000 and audio.shape[1] == 2
    _, diff = spl_difference_db(audio.T[:, :48_000], rate)
    assert np.median(diff) > 6
    _, itd = itd_gcc_phat_ms(audio.T[:, :48_000], rate)
    assert np.nanmedian(itd) > 0.4


def test_regions_switch_sides(capsys, noise_wav, tmp_path):
    out = tmp_path / "lr.wav"
    code, _, _ = _run(
        capsys,
        "render",
        str(noise_wav),
        "--region",
        "0",
        "0.5",
        "on the left",
        "--region",
        "0.5",
        "1.0",
        "on the right",
        "-o",
        str(out),
    )
    assert code == 0
    audio, rate = sf.read(out, always_2d=True)
    times, diff = spl_difference_db(audio.T, rate)
    assert np.median(diff[(times > 0.05) & (times < 0.45)]) > 3
    assert np.median(diff[(times > 0.55) & (times < 0.95)]) < -3


def test_stereo_input_is_downmixed_with_a_notice(capsys, write_audio, rng, tmp_path):
    path = write_audio("st.wav", 0.1 * rng.standard_normal((24_000, 2)).astype(np.float32), 44_100)
    code, _, err = _run(
        capsys, "render", str(path), "--prompt", "in front of me", "-o", str(tmp_path / "o.wav")
    )
    assert code == 0
    assert "downmixed" in err and "resampled from 44100 Hz" in err
    assert sf.info(tmp_path / "o.wav").samplerate == 48_000


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--prompt", "the weather is nice today"], "could not be placed"),
        (["--region", "0.8", "0.2", "left"], "end_s"),
        (["--region", "0.5", "3.0", "left"], "only 1.000 s long"),
        (["--region", "zero", "1", "left"], "must be numbers"),
    ],
)
def test_bad_requests_exit_2_naming_the_problem_and_write_nothing(
    capsys, noise_wav, tmp_path, argv, message
):
    out = tmp_path / "never.wav"
    code, _, err = _run(capsys, "render", str(noise_wav), *argv, "-o", str(out))
    assert code == 2
    assert message in err
    assert not out.exists()


def test_unreadable_audio_exits_2_naming_the_file(capsys, tmp_path):
    bad = tmp_path / "broken.wav"
    bad.write_bytes(b"RIFF....nonsense")
    code, _, err = _run(
        capsys, "render", str(bad), "--prompt", "left", "-o", str(tmp_path / "o.wav")
    )
    assert code == 2 and "broken.wav" in err


def test_parse_stdin_gives_one_json_per_line():
    lines = "a dog on the left\nbirds above, a river in front\nthe weather is nice\n"
    result = subprocess.run(
        [sys.executable, "-m", "engine.cli", "parse"],
        input=lines,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["placed"] for r in rows] == [True, True, False]
    assert rows[0]["keyframes"][0]["azimuth_deg"] == pytest.approx(90, abs=20)
    assert len(rows[1]["sources"]) == 2
    assert rows[2]["reason"]


def test_session_render_writes_stems_mix_plots_and_report(capsys, noise_wav, tmp_path):
    session = {
        "schema_version": 1,
        "tracks": [
            {
                "name": "Left dog",
                "source": str(noise_wav),
                "regions": [{"start_s": 0, "end_s": 1, "prompt": "left"}],
            },
            {
                "name": "Right cat",
                "source": str(noise_wav),
                "regions": [{"start_s": 0, "end_s": 1, "prompt": "right"}],
            },
        ],
    }
    path = tmp_path / "s.earspace"
    path.write_text(json.dumps(session))
    out_dir = tmp_path / "out"
    code, _, err = _run(capsys, "render", str(path), "-o", str(out_dir))
    assert code == 0, err
    names = sorted(p.name for p in out_dir.iterdir())
    assert names == [
        "Left dog binaural.wav",
        "Right cat binaural.wav",
        "mix.wav",
        "plots.png",
        "render.json",
    ]
    left, _ = sf.read(out_dir / "Left dog binaural.wav", always_2d=True)
    right, _ = sf.read(out_dir / "Right cat binaural.wav", always_2d=True)
    mix, _ = sf.read(out_dir / "mix.wav", always_2d=True)
    np.testing.assert_allclose(mix, left + right, atol=1e-6)
    assert np.sum(left[:, 0] ** 2) > 2 * np.sum(left[:, 1] ** 2)
    assert np.sum(right[:, 1] ** 2) > 2 * np.sum(right[:, 0] ** 2)
    report = json.loads((out_dir / "render.json").read_text())
    assert report["mix"]["peak_dbfs"] < 0


def test_session_with_missing_audio_fails_listing_it(capsys, tmp_path):
    path = tmp_path / "s.earspace"
    path.write_text(
        json.dumps({"schema_version": 1, "tracks": [{"name": "gone", "source": "gone.wav"}]})
    )
    code, _, err = _run(capsys, "render", str(path), "-o", str(tmp_path / "out"))
    assert code == 2 and "missing" in err and "gone.wav" in err
    assert not (tmp_path / "out" / "mix.wav").exists()


def test_demo_renders_the_bundled_session(capsys, tmp_path):
    code, stdout, err = _run(capsys, "demo", "-o", str(tmp_path / "demo"))
    assert code == 0, err
    assert {"Bee binaural.wav", "Car binaural.wav", "mix.wav", "plots.png", "render.json"} <= {
        p.name for p in (tmp_path / "demo").iterdir()
    }
    car, rate = sf.read(tmp_path / "demo" / "Car binaural.wav", always_2d=True)
    times, diff = spl_difference_db(car.T, rate, window_s=0.2)
    # "passes from left to right": left louder early, right louder late
    assert np.median(diff[times < 1.5]) > 1 and np.median(diff[(times > 4.5) & (times < 6)]) < -1
    assert "not placed" not in err


def test_neural_flow_engine_through_the_cli_keeps_the_mono_sum_and_the_side(
    capsys, noise_wav, tmp_path
):
    out = tmp_path / "neural.wav"
    code, _, err = _run(
        capsys,
        "render",
        str(noise_wav),
        "--prompt",
        "hard left",
        "--engine",
        "neural-flow",
        "-o",
        str(out),
    )
    assert code == 0, err
    audio, rate = sf.read(out, always_2d=True)
    mono, _ = sf.read(noise_wav)
    np.testing.assert_allclose(audio.sum(axis=1)[: mono.size], mono, atol=1e-5)
    _, diff = spl_difference_db(audio.T, rate)
    assert np.median(diff) > 3


def test_auto_engine_picks_neural_only_for_multi_source_prompts(capsys, noise_wav, tmp_path):
    regions = {
        "one": [{"start_s": 0, "end_s": 1, "prompt": "a dog on the left"}],
        "two": [
            {
                "start_s": 0,
                "end_s": 1,
                "prompt": "the violin on the left and the piano on the right",
            }
        ],
    }
    session = {
        "schema_version": 1,
        "tracks": [
            {"name": name, "source": str(noise_wav), "engine": "auto", "regions": r}
            for name, r in regions.items()
        ],
    }
    path = tmp_path / "auto.earspace"
    path.write_text(json.dumps(session))
    code, _, err = _run(capsys, "render", str(path), "-o", str(tmp_path / "out"))
    assert code == 0, err
    report = json.loads((tmp_path / "out" / "render.json").read_text())
    assert {s["track"]: s["engine"] for s in report["stems"]} == {
        "one": "physical",
        "two": "neural",
    }
    said = [n for n in report["notices"] if "neural separate-and-place, 2 named stems" in n]
    assert len(said) == 1 and "'violin', 'piano'" in said[0], report["notices"]
