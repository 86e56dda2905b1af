"""The one-way flow: the web app never imports the build side (DESIGN.md §1)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD_SIDE = {"data_sources", "indicators", "disclosure", "pipeline", "quality"}


def test_app_imports_nothing_from_the_build_side():
    code = (
        "import sys, app\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {sorted(BUILD_SIDE)!r})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"app imports build-side modules: {result.stdout.strip()}"


def test_only_settings_reads_the_environment():
    offenders = []
    for path in ROOT.rglob("*.py"):
        if any(part in {".venv", "tests", "bench", "build"} for part in path.relative_to(ROOT).parts):
            continue
        if path.name != "settings.py" and "os.environ" in path.read_text():
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == [], f"read configuration through settings.py, not os.environ: {offenders}"
