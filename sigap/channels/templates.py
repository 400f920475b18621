"""The WhatsApp message templates SIGAP may send outside the 24-hour window.

WhatsApp lets a business send free text only within 24 hours of the person's last message;
after that only a template that Meta approved beforehand may go out (docs/channels.md). Each
template here must be registered in the WhatsApp Manager under the same name, in each
language listed, with the same text: ``{{1}}``, ``{{2}}`` … are its parameters.

Templates carry no personal data: a resident's template only says that the team has a message;
a staff notice carries a reference and a link, nothing about the person.
"""

import re
from dataclasses import dataclass

# Meta refuses a parameter with a new line, a tab or more than four spaces in a row.
_SPACES = re.compile(r"\s+")
PARAM_MAX = 200  # characters per parameter: a reference or a link


@dataclass(frozen=True)
class Template:
    name: str
    texts: dict  # language code -> the approved body, with {{1}} … placeholders

    @property
    def param_count(self) -> int:
        return len(set(re.findall(r"\{\{(\d)\}\}", self.texts["id"])))

    def language(self, wanted: str) -> str:
        """The language to send in: the contact's if approved, else Indonesian."""
        return wanted if wanted in self.texts else "id"

    def render(self, params, language: str = "id") -> str:
        """The text the person sees (what WhatsApp shows for this template)."""
        text = self.texts[self.language(language)]
        for number, value in enumerate(params, start=1):
            text = text.replace("{{" + str(number) + "}}", value)
        return text


# A resident's reply when the window is closed: it says only that there is a message.
NEW_MESSAGE = "sigap_pesan_baru"

REGISTRY = {
    t.name: t
    for t in (
        Template(
            NEW_MESSAGE,
            {
                "id": "Tim SIGAP punya pesan baru untuk Anda. Balas pesan ini untuk membacanya.",
                "en": "The SIGAP team has a new message for you. Reply to this message to read it.",
            },
        ),
        Template(
            "sigap_rujukan_baru",
            {
                "id": "Rujukan baru untuk lembaga Anda: {{1}}. Buka: {{2}}",
                "en": "New referral for your agency: {{1}}. Open: {{2}}",
            },
        ),
        Template(
            "sigap_rujukan_besok",
            {
                "id": "Rujukan {{1}} jatuh tempo besok. Buka: {{2}}",
                "en": "Referral {{1}} is due tomorrow. Open: {{2}}",
            },
        ),
        Template(
            "sigap_rujukan_terlambat",
            {
                "id": "Rujukan {{1}} sudah melewati tenggat. Buka: {{2}}",
                "en": "Referral {{1}} is overdue. Open: {{2}}",
            },
        ),
        Template(
            "sigap_peringatan_dini",
            {
                "id": "Peringatan dini untuk wilayah Anda: {{1}}. Buka: {{2}}",
                "en": "Early warning for your area: {{1}}. Open: {{2}}",
            },
        ),
    )
}


def get(name: str) -> Template:
    """The registered template; ``KeyError`` for a name not in the registry."""
    return REGISTRY[name]


def clean_params(name: str, params) -> list[str]:
    """``params`` made fit to send: one line each, capped; ``ValueError`` when the count is not
    the template's (Meta would refuse the message)."""
    template = get(name)
    cleaned = [_SPACES.sub(" ", str(value)).strip()[:PARAM_MAX] for value in params]
    if len(cleaned) != template.param_count or not all(cleaned):
        raise ValueError(f"template {name} takes {template.param_count} non-empty parameters")
    return cleaned
