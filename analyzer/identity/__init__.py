"""Author identity: which senders of a list are one person, and who they are.

Per-author timelines are wrong when one person counts as three. ``resolve_authors`` merges the
addresses and name spellings of one person (never on one-word names, generic names or shared role
addresses), records why, flags robots and finds affiliations; ``IdentityOverrides`` carries the
decisions a researcher writes in ``archives/<list>.toml`` (see ``overrides_from_config``).
"""

from analyzer.identity.addresses import affiliation_for_address, is_automated_sender
from analyzer.identity.names import clean_display_name, normalize_person_name
from analyzer.identity.overrides import IdentityOverrides, overrides_from_config
from analyzer.identity.resolve import IdentityResult, names_of_list, resolve_authors
from analyzer.identity.tables import author_names, automated_authors
from analyzer.schema import AUTHOR_EXTRA_COLUMNS, MERGE_COLUMNS

__all__ = [
    "AUTHOR_EXTRA_COLUMNS",
    "MERGE_COLUMNS",
    "IdentityOverrides",
    "IdentityResult",
    "affiliation_for_address",
    "author_names",
    "automated_authors",
    "clean_display_name",
    "is_automated_sender",
    "names_of_list",
    "normalize_person_name",
    "overrides_from_config",
    "resolve_authors",
]
