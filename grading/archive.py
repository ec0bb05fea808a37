"""The files of a download, read from a folder or a zip archive, a student's own zip opened in place.

A download is walked as :class:`Entry` objects: the path that names the student (the file in the
download, e.g. ``smithjohn_12345_678_ps1.zip``) and, for a file inside a student's own zip, the path
inside it. Names inside a zip are decoded as the zip says: UTF-8 when its flag is set, or when the
Info-ZIP Unicode Path field (0x7075) carries them; otherwise as UTF-8 if they are valid UTF-8, else as
cp949 (Korean Windows), else as cp437 (the zip format's default). So a folder zipped on a Korean
Windows machine names the same students as the folder itself.

Mac metadata (``__MACOSX/``, AppleDouble ``._*`` files, ``.DS_Store``) is skipped, as are entries
whose path would leave the folder (``../``, absolute paths) and files above :data:`MAX_FILE_BYTES`.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MAX_FILE_BYTES = 100 * 2**20    # a notebook larger than this is no one's homework
MAX_NESTING = 2                 # a zip in a zip in the download is opened; deeper ones are reported
UTF8_FLAG = 0x800               # general purpose bit 11: names are UTF-8
UNICODE_PATH_FIELD = 0x7075     # Info-ZIP's extra field: version 1, CRC-32 of the raw name, the UTF-8 name


@dataclass(frozen=True)
class Entry:
    """One file of a download.

    ``outer`` is its path in the download (for a file inside a student's zip: the zip's path);
    ``inner`` its path inside that zip ("" for a file of the download itself); ``read`` its bytes.
    """

    outer: str
    inner: str
    read: Callable[[], bytes]
    size: int

    @property
    def shown(self) -> str:
        """How a report names the file: ``outer``, or ``outer!inner`` for a file inside a zip."""
        return f"{self.outer}!{self.inner}" if self.inner else self.outer

    @property
    def name(self) -> str:
        """The file's own name (the last part of ``inner``, else of ``outer``)."""
        return PurePosixPath(self.inner or self.outer).name


@dataclass(frozen=True)
class Skipped:
    """A file of the download that is not extracted, and why: the system's metadata (``harmless``), or a
    path that would leave the folder (not harmless: someone must look)."""

    shown: str
    why: str
    harmless: bool = True


def walk(source: Path) -> Iterator[Entry | Skipped]:
    """Every file of the folder or zip ``source``, sorted by path; a zip inside is opened (see module doc)."""
    source = Path(source)
    if source.is_dir():
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            yield from _entry(path.relative_to(source).as_posix(), "", path.read_bytes, path.stat().st_size, 0)
    elif zipfile.is_zipfile(source):
        yield from _zip_entries(source.read_bytes(), outer="", prefix="", depth=0)
    else:
        raise ValueError(f"{source} is neither a folder nor a zip archive: expected the LMS's download "
                         "(a .zip) or a folder of submissions")


def _entry(outer: str, inner: str, read: Callable[[], bytes], size: int, depth: int) -> Iterator[Entry | Skipped]:
    """The file itself, or, for a zip, the files inside it (the same ``outer``, ``inner`` paths under it)."""
    path = PurePosixPath(inner or outer)
    shown = f"{outer}!{inner}" if inner else outer
    if metadata_reason(path):
        yield Skipped(shown, metadata_reason(path))
    elif path.suffix.lower() == ".zip" and depth < MAX_NESTING:
        try:
            data = read()
            yield from _zip_entries(data, outer, prefix=f"{inner}!" if inner else "", depth=depth + 1)
        except (zipfile.BadZipFile, UnreadableFile) as error:
            yield Entry(outer, inner, _raise(f"a damaged zip ({error})"), size)
    else:
        yield Entry(outer, inner, read, size)


def _zip_entries(data: bytes, outer: str, prefix: str, depth: int) -> Iterator[Entry | Skipped]:
    """The members of the zip ``data``: the download's own (``outer`` empty) or one inside it."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    members = sorted((decoded_name(info).replace("\\", "/"), info) for info in archive.infolist() if not info.is_dir())
    for name, info in members:
        here = (outer, prefix + name) if outer else (name, "")
        if not is_safe(name):
            yield Skipped("!".join(filter(None, here)), "its path leaves the folder (absolute, or with ..): "
                                                         "not extracted", harmless=False)
        elif info.file_size > MAX_FILE_BYTES:
            yield Entry(*here, _raise(f"{info.file_size / 2**20:.0f} MB, larger than "
                                      f"{MAX_FILE_BYTES / 2**20:.0f} MB"), info.file_size)
        else:
            yield from _entry(*here, _reader(archive, info), info.file_size, depth)


def _reader(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[], bytes]:
    def read() -> bytes:
        try:
            return archive.read(info)
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            raise UnreadableFile(f"cannot be extracted: {error}") from None
    return read


class UnreadableFile(OSError):
    """A file of the download that cannot be read (a damaged zip entry, a file too large)."""


def _raise(why: str) -> Callable[[], bytes]:
    def read() -> bytes:
        raise UnreadableFile(why)
    return read


def metadata_reason(path: PurePosixPath) -> str | None:
    """Why ``path`` is the operating system's metadata rather than a file a student made, or None."""
    if "__MACOSX" in path.parts:
        return "Mac metadata (__MACOSX/)"
    if path.name.startswith("._"):
        return "Mac metadata (an AppleDouble ._ file)"
    if path.name in (".DS_Store", "Thumbs.db", "desktop.ini"):
        return "folder metadata of the operating system"
    return None


def is_safe(name: str) -> bool:
    """Whether a zip member's name stays inside the folder it is extracted to."""
    path = PurePosixPath(name.replace("\\", "/"))
    if not path.parts or path.is_absolute() or ".." in path.parts:
        return False
    return ":" not in path.parts[0]  # C:/... from a Windows zip


def decoded_name(info: zipfile.ZipInfo) -> str:
    """The member's name decoded as the zip says, else UTF-8, else cp949, else cp437 (see the module doc)."""
    if info.flag_bits & UTF8_FLAG:
        return info.filename            # zipfile decoded it as UTF-8 already
    raw = info.filename.encode("cp437")  # zipfile decoded the raw bytes as cp437: undo that
    unicode_path = _unicode_path_field(info.extra, raw)
    if unicode_path is not None:
        return unicode_path
    for encoding in ("utf-8", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _unicode_path_field(extra: bytes, raw_name: bytes) -> str | None:
    """The UTF-8 name of Info-ZIP's Unicode Path extra field, if present and made for this raw name."""
    while len(extra) >= 4:
        tag, size = struct.unpack("<HH", extra[:4])
        body, extra = extra[4:4 + size], extra[4 + size:]
        if tag == UNICODE_PATH_FIELD and len(body) >= 5 and body[0] == 1:
            if struct.unpack("<I", body[1:5])[0] == zlib.crc32(raw_name):
                try:
                    return body[5:].decode("utf-8")
                except UnicodeDecodeError:
                    return None
    return None
