"""Preferences kept between runs (QSettings in an INI file under the app's state folder,
so tests get a private one): the last export folder and formats, the AmbiX order and the
snap grid."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

SETTINGS_FILE = "settings.ini"


class AppSettings:
    def __init__(self, state_folder: Path) -> None:
        self.path = Path(state_folder) / SETTINGS_FILE
        self._q = QSettings(str(self.path), QSettings.Format.IniFormat)

    def _get(self, key: str, default: str) -> str:
        value = self._q.value(key, default)
        return str(value) if value is not None else default

    @property
    def last_export_dir(self) -> Path | None:
        value = self._get("export/last_dir", "")
        return Path(value) if value else None

    @last_export_dir.setter
    def last_export_dir(self, folder: Path) -> None:
        self._q.setValue("export/last_dir", str(folder))
        self._q.sync()

    @property
    def export_formats(self) -> tuple[str, ...]:
        value = self._get("export/formats", "stems")
        return tuple(f for f in value.split(",") if f) or ("stems",)

    @export_formats.setter
    def export_formats(self, formats: tuple[str, ...]) -> None:
        self._q.setValue("export/formats", ",".join(formats))
        self._q.sync()

    @property
    def ambisonics_order(self) -> int:
        try:
            order = int(self._get("export/ambisonics_order", "1"))
        except ValueError:
            return 1
        return order if order in (1, 2, 3) else 1

    @ambisonics_order.setter
    def ambisonics_order(self, order: int) -> None:
        self._q.setValue("export/ambisonics_order", str(int(order)))
        self._q.sync()

    def value(self, key: str, default: str = "") -> str:
        return self._get(key, default)

    def set_value(self, key: str, value: str) -> None:
        self._q.setValue(key, value)
        self._q.sync()
