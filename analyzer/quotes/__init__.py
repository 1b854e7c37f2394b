"""Quote segmentation: which lines of a body the sender wrote, and which were quoted,
forwarded, signed or appended by list software (project issue 5).

`segment` labels every line; `split_message` also gathers the authored text and its counts;
`learn_footers` learns a list's own boilerplate; `apply_quotes` fills the messages table;
`prose_text` keeps of an authored text what is prose (no patches, logs or other output).
"""

from analyzer.quotes.ancestry import AncestorIndex
from analyzer.quotes.footers import FooterModel
from analyzer.quotes.frame import STARTS_THREAD, apply_quotes, starts_thread
from analyzer.quotes.learn import learn_footers
from analyzer.quotes.model import LabelledLine, LineLabel, Segmentation
from analyzer.quotes.prose import prose_text
from analyzer.quotes.segmenter import segment
from analyzer.quotes.split import split_message

__all__ = [
    "STARTS_THREAD",
    "AncestorIndex",
    "FooterModel",
    "LabelledLine",
    "LineLabel",
    "Segmentation",
    "apply_quotes",
    "learn_footers",
    "prose_text",
    "segment",
    "split_message",
    "starts_thread",
]
