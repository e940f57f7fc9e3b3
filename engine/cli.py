"""The ``earspace`` command line.

    earspace render INPUT.wav (--prompt TEXT | --region START_S END_S TEXT ...) -o OUT.wav
    earspace render SESSION.earspace -o OUTDIR      # <track> binaural.wav, mix.wav, plots.png, render.json
    earspace parse [TEXT] [--json]                   # no TEXT: one prompt per stdin line
    earspace demo                                    # bundled demo session -> out/
    earspace listen SESSION [--record OUT.wav --duration S]  # live, head-tracked (OSC)
    earspace batch MANIFEST -o OUTDIR                # every row of a CSV/JSONL manifest (Ray)

Other packages add subcommands (``app``, ``export``) through the ``earspace.commands``
entry-point group, and plugin chains through ``earspace.render_hooks``
(:mod:`engine.hooks`), so the engine never imports Qt or pedalboard. Writing a session's
outputs is :func:`engine.outputs.render_to_folder`, shared with the exports and the app. Errors print one clear line and exit with status 2; a render
writes nothing until it has succeeded.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from dataclasses import replace
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from engine.errors import EngineError, ParameterError, RenderCancelled
from engine.outputs import render_to_folder
from engine.rooms import ROOM_PRESETS
from engine.session import ENGINES, SESSION_SUFFIX, Region, Session, Track

log = logging.getLogger("earspace")


class ProgressPrinter:
    """A progress bar on stderr (redrawn in place on a terminal, every 10% otherwise)."""

    def __init__(self, label: str, stream=None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last_decile = -1
        self._start = time.monotonic()

    def __call__(self, fraction: float, message: str) -> None:
        fraction = min(max(fraction, 0.0), 1.0)
        if self.tty:
            filled = int(fraction * 30)
            self.stream.write(
                f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {fraction:4.0%} {message[:40]:<40}"
            )
            if fraction >= 1.0:
                self.stream.write("\n")
            self.stream.flush()
        elif int(fraction * 10) > self._last_decile:
            self._last_decile = int(fraction * 10)
            self.stream.write(
                f"{self.label}: {fraction:4.0%} {message} ({time.monotonic() - self._start:.1f} s)\n"
            )


def _cmd_render(args: argparse.Namespace) -> int:
    from engine.session import load_session

    src = Path(args.input)
    progress = ProgressPrinter("render")
    if src.suffix == SESSION_SUFFIX:
        if args.prompt or args.region:
            raise ParameterError(
                "--prompt/--region apply to an audio file; a session carries its own regions"
            )
        session = load_session(src)
        overrides: dict[str, Any] = {}
        if args.room:
            overrides["room"] = args.room
        if args.hrtf:
            overrides["hrtf"] = str(Path(args.hrtf).resolve())
        if args.sample_rate:
            overrides["sample_rate_hz"] = args.sample_rate
        if args.engine:
            overrides["tracks"] = tuple(replace(t, engine=args.engine) for t in session.tracks)
        session = replace(session, **overrides)
        report = render_to_folder(
            session,
            Path(args.output),
            bit_depth=args.bit_depth,
            on_clip=args.on_clip,
            progress=progress,
        )
        for notice in report["notices"]:
            print(f"notice: {notice}", file=sys.stderr)
        print(
            f"wrote {len(report['stems'])} stem(s), mix.wav, plots.png, render.json to {args.output} "
            f"(mix peak {report['mix']['peak_dbfs']:.1f} dBFS)"
        )
        return 0
    session = single_file_session(
        src,
        prompt=args.prompt,
        regions=args.region,
        engine=args.engine or "physical",
        hrtf=args.hrtf,
        room=args.room or "anechoic",
        sample_rate_hz=args.sample_rate or 48_000,
    )
    out = Path(args.output)
    if out.suffix.lower() != ".wav":
        raise ParameterError(f"-o {out}: rendering an audio file writes a .wav file")
    from engine.audio_io import write_wav
    from engine.render_session import render_session

    render = render_session(session, progress=progress)
    for notice in render.notices:
        print(f"notice: {notice}", file=sys.stderr)
    out.parent.mkdir(parents=True, exist_ok=True)
    rep = write_wav(
        out, render.mix, render.sample_rate_hz, bit_depth=args.bit_depth, on_clip=args.on_clip
    )
    print(
        f"wrote {out} ({render.duration_s:.2f} s, peak {rep.peak_dbfs:.1f} dBFS{', ' + rep.note if rep.note else ''})"
    )
    return 0


def single_file_session(
    audio_path: Path,
    *,
    prompt: str | None,
    regions: list[list[str]] | None,
    engine: str,
    hrtf: str | None,
    room: str,
    sample_rate_hz: int,
) -> Session:
    """A one-track session for ``earspace render INPUT.wav``; prompts resolved and checked."""
    import soundfile as sf

    from engine.errors import AudioInputError
    from engine.prompt import parse
    from engine.resolve import region_with_placement
    from engine.untrusted import require_regular_file

    if bool(prompt) == bool(regions):
        raise ParameterError("give either --prompt TEXT or one or more --region START_S END_S TEXT")
    require_regular_file(audio_path, error=AudioInputError, what="audio file")
    try:
        duration_s = sf.info(str(audio_path)).duration
    except Exception as exc:  # soundfile raises several types for unreadable files
        if not audio_path.exists():
            raise AudioInputError(f"{audio_path}: audio file not found") from exc
        raise AudioInputError(f"{audio_path}: not a readable audio file ({exc})") from exc
    spans: list[tuple[float, float, str]] = []
    if prompt:
        spans.append((0.0, duration_s, prompt))
    for start_text, end_text, text in regions or []:
        try:
            spans.append((float(start_text), float(end_text), text))
        except ValueError as exc:
            raise ParameterError(
                f"--region {start_text} {end_text}: START_S and END_S must be numbers of seconds"
            ) from exc
    built = []
    for start, end, text in spans:
        placement = parse(text)
        if not placement.placed:
            raise ParameterError(f"prompt {text!r} could not be placed: {placement.reason}")
        built.append(
            region_with_placement(Region(start_s=start, end_s=end, prompt=text), placement)
        )
    track = Track(
        name=audio_path.stem, source=str(audio_path.resolve()), engine=engine, regions=tuple(built)
    )
    session = Session(tracks=(track,), sample_rate_hz=sample_rate_hz, hrtf=hrtf, room=room)
    session.validate()
    return session


def _cmd_parse(args: argparse.Namespace) -> int:
    from engine.prompt import parse

    if args.text:
        placement = parse(" ".join(args.text))
        if args.json:
            print(json.dumps(placement.to_json_dict()))
        else:
            print(describe_placement(placement))
        return 0 if placement.placed else 1
    if sys.stdin.isatty():  # interactive: answer each line as it is typed
        for line in sys.stdin:
            if line.strip():
                print(json.dumps(parse(line.rstrip("\n")).to_json_dict()), flush=True)
        return 0
    from engine.prompt import parse_many

    texts = [line.rstrip("\n") for line in sys.stdin if line.strip()]
    for placement in parse_many(texts):  # one batch for the embedding fallback
        print(json.dumps(placement.to_json_dict()))
    return 0


def describe_placement(placement) -> str:
    """One human-readable line per source, or the reason it was not placed."""
    if not placement.placed:
        return f"not placed: {placement.reason}"
    lines = []
    for src in placement.sources:
        a, b = src.path.start, src.path.end
        where = f"az {a.azimuth_deg:+.0f} deg, el {a.elevation_deg:+.0f} deg, {a.distance_m:.2f} m"
        if not src.path.is_static:
            where += f" -> az {b.azimuth_deg:+.0f} deg, el {b.elevation_deg:+.0f} deg, {b.distance_m:.2f} m"
        lines.append(f"{src.label or '(source)'}: {where} [{src.motion or 'static'}]")
    if placement.room:
        lines.append(f"room: {placement.room}")
    lines.append(f"confidence: {placement.confidence:.2f}")
    return "\n".join(lines)


def _cmd_demo(args: argparse.Namespace) -> int:
    from engine.assets import demo_session_path
    from engine.session import load_session

    session = load_session(demo_session_path())
    report = render_to_folder(
        session,
        Path(args.output),
        bit_depth="float32",
        on_clip="error",
        progress=ProgressPrinter("demo"),
    )
    for notice in report["notices"]:
        print(f"notice: {notice}", file=sys.stderr)
    print(
        f"demo rendered to {args.output}/: {', '.join(s['file'] for s in report['stems'])}, mix.wav, plots.png"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="earspace", description="Mono to binaural from location prompts."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = parser.add_subparsers(dest="command", required=True)

    render = sub.add_parser("render", help="render an audio file with prompts, or a session")
    render.add_argument("input", help="mono audio file, or a .earspace session")
    render.add_argument("--prompt", help="where the sound is, for the whole file")
    render.add_argument(
        "--region",
        nargs=3,
        action="append",
        metavar=("START_S", "END_S", "TEXT"),
        help="a prompt for a time span",
    )
    render.add_argument(
        "--engine", choices=ENGINES, help="render engine (default: physical / the session's)"
    )
    render.add_argument("--hrtf", help="SOFA file (SimpleFreeFieldHRIR); default MIT KEMAR")
    render.add_argument("--room", choices=ROOM_PRESETS, help="room preset (default anechoic)")
    render.add_argument("--sample-rate", type=int, help="output sample rate in Hz (default 48000)")
    render.add_argument("--bit-depth", choices=("float32", "pcm24", "pcm16"), default="float32")
    render.add_argument(
        "--on-clip",
        choices=("error", "normalize", "limit"),
        default="error",
        help="what to do when a PCM output would clip (float32 keeps values)",
    )
    render.add_argument(
        "-o", "--output", required=True, help="OUT.wav for an audio file, OUTDIR for a session"
    )
    render.set_defaults(func=_cmd_render)

    parse_cmd = sub.add_parser("parse", help="show the spatial path a prompt resolves to")
    parse_cmd.add_argument(
        "text", nargs="*", help="prompt text; none = one prompt per stdin line (JSON out)"
    )
    parse_cmd.add_argument("--json", action="store_true", help="print JSON")
    parse_cmd.set_defaults(func=_cmd_parse)

    demo = sub.add_parser("demo", help="render the bundled demo session")
    demo.add_argument("-o", "--output", default="out", help="output folder (default out/)")
    demo.set_defaults(func=_cmd_demo)

    from engine.live.cli import register as register_listen

    register_listen(sub)
    from engine.batch.command import add_batch_command

    add_batch_command(sub)

    for ep in entry_points(group="earspace.commands"):
        try:
            ep.load()(sub)
        except ImportError as exc:  # optional extra not installed
            log.debug("subcommand %s unavailable: %s", ep.name, exc)
            unavailable = sub.add_parser(ep.name, help=f"(unavailable: {exc})")
            unavailable.set_defaults(func=lambda _a, _e=exc, _n=ep.name: _unavailable(_n, _e))
    return parser


def _unavailable(name: str, exc: Exception) -> int:
    print(
        f"error: `earspace {name}` needs an optional part that is not installed ({exc}); "
        "install with `pip install earspace[gui,plugins]`",
        file=sys.stderr,
    )
    return 2


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args) or 0)
    except RenderCancelled:
        print("cancelled; nothing written", file=sys.stderr)
        return 130
    except EngineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; nothing written", file=sys.stderr)
        return 130
    except OSError as exc:  # disk full, no permission: temp files are already removed
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}; nothing was written", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
