"""Motion words: the regexes that find each kind of movement in a normalised phrase
(circling, passes, fly-overs, approaches, endpoints "from X to Y", via points "over my
head"), used by the recognisers in :mod:`.motion` and the path geometry in :mod:`.paths`.
"""

from __future__ import annotations

import re

_BOUND = r"(?=\s*$|\s*(?:[,;!?]|\.(?!\d))|\s+(?:and|while|whilst|then|but|as|with|before|after|at\s+\w+\s+speed|in\s+(?:a|an)\s|slowly|quickly|fast|over\s+\d)\b)"

CIRCLE_RE = re.compile(
    r"\b(?:circl(?:es|ed|ing)|circle(?=\s+(?:around|round|me|you|us|overhead|above|the\s+listener|my\s+head|your\s+head|clockwise|counterclockwise))|spiral(?:s|ed|ing|led|ling)?(?:\s+(?:a)?round)?|orbit(?:s|ed|ing)?|revolv(?:e|es|ing)|spin(?:s|ning)?\s+(?:a)?round|rotat(?:e|es|ing)\s+(?:a)?round|go(?:es|ing)?\s+(?:a)?round(?:\s+and\s+(?:a)?round)?|mov(?:e|es|ing)\s+(?:a)?round|fl(?:y|ies|ying)\s+(?:a)?round|buzz(?:es|ing)?\s+(?:a)?round|(?:a)?round\s+and\s+(?:a)?round|whirl(?:s|ing)?\s+(?:a)?round|swirl(?:s|ing)?\s+(?:a)?round|loops?\s+(?:a)?round|runs?\s+(?:a)?round|running\s+(?:a)?round|walk(?:s|ing)?\s+(?:a)?round|circular\s+(?:path|motion)|full\s+circle|in\s+circles|(?:a)?round\s+(?:my|your|the)\s+head)\b"
)
AROUND_RE = re.compile(
    r"\b(?:a)?round\s+(?:(?:my|your|the\s+listener's|the)\s+(?:head|ears)|(?:me|you|us|the\s+listener))\b"
)
CLOCKWISE_RE = re.compile(r"\bcounterclockwise\b|\bclockwise\b|\bwiddershins\b")
REVS_RE = re.compile(
    r"\b(?P<n>twice|two|three|thrice|2|3|4|four)\s*(?:times|full\s+(?:circles|turns|laps|revolutions)|circles|turns|laps|revolutions|loops)?\b|\b(?P<half>half\s+(?:a\s+)?(?:circle|turn|way\s+(?:a)?round)|halfway\s+(?:a)?round)\b"
)
FROM_TO_RE = re.compile(
    rf"(?<!degrees\s)(?<!degree\s)(?<!degs\s)(?<!deg\s)\bfrom\s+(?P<a>.+?)(?<!degrees)(?<!degree)(?<!\bdegs)(?<!\bdeg)(?<!degrees\soff)(?<!degree\soff)(?<!off\scentre)(?<!off\scenter)(?<!degrees\sround)(?<!degrees\saround)\s+(?:(?:up|down|back|over|out)\s+)?(?:to|towards?|into|until|till|over\s+to|across\s+to|(?:a)?round\s+to|through\s+to|on\s+to|onto|and\s+(?:ends?|ending)\s+(?:up\s+)?)\s+(?P<b>.+?){_BOUND}"
)
_DIRW = r"(?:left|right|front|back|behind|rear|top|bottom|above|below|overhead|ahead|up|down|centre|center|middle)"
BARE_TO_RE = re.compile(
    rf"\b(?P<a>{_DIRW}(?:\s+{_DIRW})?)\s+(?:to|towards|into)\s+(?:the\s+)?(?P<b>{_DIRW}(?:\s+{_DIRW})?)\b"
)
THEN_RE = re.compile(
    r"^(?P<a>.+?)(?:,\s*|\s+)(?:and\s+)?(?:then|before|after\s+which|and\s+ends?\s+up|ending\s+up|ends?\s+up|and\s+(?:(?:move|go|goe|drift|pan|travel|swing|walk|run|slide|shift|glide|stop|end|arrive|land|settle|come|head|turn)s?|flies|fly|finish(?:es)?)|finally|eventually|(?:and\s+)?(?:by|at|towards?)\s+the\s+end(?:\s+of\s+the\s+(?:region|clip|shot|scene))?,?(?:\s+(?:it'?s|is|it\s+is))?)\s+(?P<b>.+)$"
)
#: "moves to the left", "pans right": a path from the front to the named place.
TOWARD_RE = re.compile(
    r"\b(?:(?:mov(?:es|ing)|pan(?:s|ning)|go(?:es|ing)|went|head(?:s|ing))\s+(?:slowly\s+|quickly\s+|gradually\s+|over\s+|across\s+)?(?:(?:to(?:wards?)?|toward|into)\s+)?"
    r"|(?:drift(?:s|ing)?|glid(?:es|ing)|slid(?:es|ing)|shift(?:s|ing)|travel(?:s|ling|ing)|sweep(?:s|ing)|swing(?:s|ing)|wander(?:s|ing)|crawl(?:s|ing)|creep(?:s|ing)|float(?:s|ing)|swoop(?:s|ing)|dart(?:s|ing)|zoom(?:s|ing)|run(?:s|ning)\s+off|walk(?:s|ing)\s+over|fl(?:ies|ying)\s+off)\s+(?:slowly\s+|quickly\s+|gradually\s+|over\s+|across\s+|off\s+)?(?:to(?:wards?)?|toward|into)\s+)"
    r"(?P<b>(?:the\s+|my\s+|your\s+)?(?:far\s+|hard\s+)?(?:left|right|front|back|rear|behind(?!\s+(?:the|a|an|that|this|his|her|their|some)\b))\b(?:\s+(?:side|of\s+(?:me|you)|me|you|us))?)"
)
FLYOVER_RE = re.compile(
    r"\b(?:fl(?:y|ies|ying|ew)\s+(?:right\s+|directly\s+|straight\s+|low\s+)?over(?:head)?|fly\s*over|flyover|fly\s*by|flyby|(?:pass(?:es|ing)?|go(?:es|ing)?|sweep(?:s|ing)?|zoom(?:s|ing)?|roar(?:s|ing)?|whoosh(?:es|ing)?|streak(?:s|ing)?|jet(?:s|ting)?|buzz(?:es|ing)?|soar(?:s|ing)?)\s+(?:right\s+|directly\s+|straight\s+|low\s+)?(?:over(?:head)?|above\s+(?:me|you|us)|over\s+(?:my|your)\s+head)"
    r"|(?:mov(?:es|ing)|drift(?:s|ing)?|glid(?:es|ing)|float(?:s|ing)?|travel(?:s|ling|ing)?|sail(?:s|ing)?|swoop(?:s|ing)?|pan(?:s|ning)?)\s+(?:(?:slowly|gently|quickly|gradually|smoothly|right|directly|straight|up|and)\s+)*(?:over\s+(?:my|your|the\s+listener's)\s+head|overhead))\b"
)
#: The via point of a motion to a destination: "moves over my head to the left".
VIA_POINT = r"(?P<via>(?:over|above|across)\s+(?:my|your|the\s+listener's)\s+head|overhead|over\s+(?:me|you|us|the\s+top)|behind\s+(?:me|you|us|my\s+head|your\s+head)|in\s+front\s+of\s+(?:me|you|us)|across\s+(?:the\s+|my\s+|your\s+)?front)"
VIA_DESTINATION_RE = re.compile(
    rf"\b{VIA_POINT}\s*,?\s+(?:(?:and|then)\s+)?(?:(?:back\s+)?down\s+|on\s+|round\s+|around\s+|over\s+)?"
    r"(?:to(?:wards?)?|toward|into|onto)\s+(?:(?:land|end\s+up|end|stop|settle|finish|rest|come\s+to\s+rest)\s+)?(?P<b>[^,;.]+)"
)
FLYING_RE = re.compile(
    r"\b(?:fl(?:y|ies|ying|ew)|plane|jet|airplane|aircraft|helicopter|drone|bird|birds|bat|bee|wasp|mosquito|fly|overhead|over\s+(?:my|your|the)\s+(?:head|top)|over\s+me|over\s+the\s+listener|above\s+me)\b"
)
PASS_RE = re.compile(
    r"\b(?:(?:pass(?:es|ed|ing)?|driv(?:e|es|ing)|drove|whizz(?:es|ing)?|whiz(?:zes|zing)?|zoom(?:s|ing)?|speed(?:s|ing)?|sped|rush(?:es|ing)?|go(?:es|ing)?|went|run(?:s|ning)?|ran|walk(?:s|ing)?|fl(?:y|ies|ying|ew)|cycl(?:e|es|ing)|rid(?:e|es|ing)|roll(?:s|ing)?|race(?:s)?|racing|swoosh(?:es|ing)?|whoosh(?:es|ing)?|rumbl(?:e|es|ing)|roar(?:s|ing)?|clatter(?:s|ing)?|trundl(?:e|es|ing)|rattl(?:e|es|ing)|screech(?:es|ing)?|hurtl(?:e|es|ing)|barrel(?:s|ling)?|zip(?:s|ping)?|thunder(?:s|ing)?|whizz?(?:es|ing)?)\s+(?:right\s+)?(?:by|past)|(?<!foley\s)(?<!mix\s)(?<!first\s)(?<!final\s)(?<!second\s)(?<!edit\s)(?<!sound\s)(?<!this\s)(?<!next\s)pass(?:es|ing)?(?!\s+(?:thought|comment|remark|glance|mention|interest|fancy|phase|grade|score|note|reference|resemblance|acquaintance|moment|trend|the\s+time))|passing\s+by|drive\s*by|crosses|crossing|cross(?:es)?\s+(?:in\s+front|behind)|(?:mov(?:es|ing)|sweep(?:s|ing)|travel(?:s|ling|ing)|pan(?:s|ning|ned)?|glid(?:es|ing)|slid(?:es|ing))\s+across)\b"
)
OVERTAKE_RE = re.compile(
    r"\bovertak(?:e|es|ing)\b|\bcom(?:e|es|ing)\s+up\s+(?:from\s+)?behind\b.*\bpass(?:es|ing)?\b"
)
OSCILLATE_RE = re.compile(
    r"\b(?:back\s+and\s+forth|to\s+and\s+fro|(?:from\s+)?side\s+to\s+side|left\s+and\s+right|right\s+and\s+left|ping\s*pong(?:ing|s)?)\b"
)
OSCILLATE_VERB_RE = re.compile(
    r"\b(?:bounc|swing|swung|pan|mov|go|going|alternat|sway|oscillat|ping|flick|flip|jump|switch|wobbl|weav|zig|shift|drift|rock|wander|pac|fl[yi])\w*\b"
)
APPROACH_RE = re.compile(
    r"\b(?:approach(?:es|ing)?|(?:com(?:e|es|ing)|mov(?:e|es|ing)|get(?:s|ting)?|draw(?:s|ing)?|creep(?:s|ing)?|walk(?:s|ing)?|run(?:s|ning)?|driv(?:e|es|ing)|head(?:s|ing)?|inch(?:es|ing)?|edg(?:e|es|ing)|drift(?:s|ing)?|step(?:s|ping)?|crawl(?:s|ing)?|advanc(?:e|es|ing)|float(?:s|ing)?|travel(?:s|ling)?|roll(?:s|ing)?|fl(?:y|ies|ying)|march(?:es|ing)?|gallop(?:s|ing)?|charg(?:e|es|ing)|rush(?:es|ing)?|zoom(?:s|ing)?|sneak(?:s|ing)?)\s+(?:in\s+)?(?:up\s+)?(?:closer|nearer|(?:near|towards?|toward|at|up\s+to|in\s+on|straight\s+at|right\s+up\s+to)\s+(?:me|you|us|the\s+listener|the\s+camera|the\s+mic))|(?:creep|sneak|tiptoe|sidl)(?:e|es|s|ing)?\s+up\s+(?:on|behind|beside|to)|closing\s+in|closes\s+in|closing(?:\s+fast|\s+on\s+(?:me|you|us))?(?=\s*$|\s*[,;.!])|draws?\s+near|drawing\s+near|gets?\s+closer|getting\s+closer|getting\s+nearer|gets?\s+nearer|closer\s+and\s+closer|nearer\s+and\s+nearer|towards?\s+(?:me|you|us|the\s+listener)|toward\s+(?:me|you|us)|arriv(?:es|ing))\b"
)
RECEDE_RE = re.compile(
    r"\b(?:reced(?:e|es|ing)(?!\s+(?:hairline|gums?))|retreat(?:s|ing)?|depart(?:s|ing)?|leaving|leaves\s+(?:the|slowly|quickly|now|me|us)|disappear(?:s|ing)?|(?:mov(?:e|es|ing)|walk(?:s|ing)?|go(?:es|ing)?|run(?:s|ning)?|driv(?:e|es|ing)|fl(?:y|ies|ying)|float(?:s|ing)?|drift(?:s|ing)?|head(?:s|ing)?|travel(?:s|ling)?|roll(?:s|ing)?|fad(?:e|es|ing)|wander(?:s|ing)?|stroll(?:s|ing)?|back(?:s|ing)?|get(?:s|ting)?|pull(?:s|ing)?|sail(?:s|ing)?|trail(?:s|ing)?|limp(?:s|ing)?|march(?:es|ing)?|zoom(?:s|ing)?|rac(?:e|es|ing)|speed(?:s|ing)?|rid(?:e|es|ing)|climb(?:s|ing)?|swim(?:s|ming)?|crawl(?:s|ing)?|wobbl(?:e|es|ing))\s+(?:off\s+)?(?:further\s+|farther\s+)?(?:away|(?<!go\s)(?<!goes\s)(?<!going\s)(?<!went\s)off|out(?:\s+of\s+(?:range|earshot))?|into\s+the\s+distance)|(?:further|farther)\s+and\s+(?:further|farther)|[a-z]+(?:s|ing)\s+(?:off\s+)?away\s+(?:down|up|along|across|into|over|toward|towards|through)\b|further\s+away|farther\s+away|away\s+from\s+(?:me|you|us|the\s+listener)|into\s+the\s+distance|fad(?:es|ing)\s+(?:away|out)|trails?\s+off)\b"
)
RISE_RE = re.compile(
    r"\b(?:[a-z]+(?:s|es|ing)\s+(?:slowly\s+|gently\s+|quickly\s+|gradually\s+)?upwards?|shoot(?:s|ing)?\s+up|launch(?:es|ing)|(?:jump|leap|hop|spring)(?:s|ing)?\s+up|ris(?:e|es|ing)|ascend(?:s|ing)?|climb(?:s|ing)?|go(?:es|ing)?\s+up(?:wards?)?|mov(?:es|ing)\s+up(?:wards?)?|lift(?:s|ing)?\s+off|float(?:s|ing)?\s+up(?:wards?)?|soar(?:s|ing)?\s+up)\b"
)
FALL_RE = re.compile(
    r"\b(?:[a-z]+(?:s|es|ing)\s+(?:slowly\s+|gently\s+|quickly\s+|gradually\s+)?downwards?|(?:jump|leap|hop|climb|clamber|drop)(?:s|ed|ing|ping)?\s+down|(?:fall(?:s|ing)?|drop(?:s|ping)?|sink(?:s|ing)?|plummet(?:s|ing)?|plung(?:e|es|ing))\s+(?:from|down|to)|descend(?:s|ing)?|swoop(?:s|ing)?\s+down|div(?:e|es|ing)\s+down|go(?:es|ing)\s+down(?:wards?)?|mov(?:es|ing)\s+down(?:wards?)?)\b"
)
VIA_TOP_RE = re.compile(
    r"\b(?:(?:high|low|directly|straight|way)\s+)?(?:fl(?:y|ies|ying|ew)\s+over|overhead|over\s+(?:my|your|the\s+listener's|the)\s+(?:head|top)|over\s+(?:me|you|us)|above\s+(?:me|you|us)|over\s+the\s+top)\b"
)
VIA_BACK_RE = re.compile(
    r"\bbehind\s+(?:me|you|us|the\s+listener|my\s+head|your\s+head)\b|\bacross\s+(?:the|my|your)\s+back\b|\bround\s+the\s+back\b|\baround\s+the\s+back\b|\bvia\s+the\s+back\b|\bthrough\s+the\s+back\b"
)
VIA_FRONT_RE = re.compile(
    r"\bin\s+front\s+of\s+(?:me|you|us|the\s+listener)\b|\bacross\s+(?:the\s+)?front\b|\bvia\s+the\s+front\b"
)


#: Verbs of movement: "from the treetops to the right" is a path only with one of these
#: (or when the endpoints are far apart); "a crow calling from the treetops to the right" is a place.
MOTION_VERB_RE = re.compile(
    r"\b(?:mov|pan|go|goes|went|travel|sweep|swing|swung|drift|slid|glid|shift|walk|run|ran|fl[yie]|flew|driv|drove|pass|cross|roll|swoop|zoom|head|spin|rotat|transition|jump|bounc|dart|rac|rush|speed|sped|whizz|whiz|swish|whoosh|crawl|creep|march|skat|cycl|rid|wander|stroll|hop|slither|sail|float|glide|morph|sweep|travers|slide|trundl|scurr|dash|charg|chas|climb|descend|ris|fall|fell|drop|sink|sank|arc|orbit|circl|migrat|progress|shoot|shot|streak|hurtl|careen|pull)\w*\b"
)
