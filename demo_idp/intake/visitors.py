"""Who may see a document without an account: a signed random visitor id kept in the session.

A logged-in user's documents belong to the user and to the visitor id of the session they were
uploaded in, so what someone uploaded before logging in stays theirs afterwards.
"""

import secrets

from django.core import signing
from django.db.models import Q, QuerySet

from ..models import Document

SESSION_KEY = "idp_visitor"
_signer = signing.Signer(salt="demo_idp.visitor")


def visitor_id(request, *, create: bool = False) -> str:
    """The session's visitor id ("" if none); with create, make one (and so the session)."""
    session = getattr(request, "session", None)
    if session is None:
        return ""
    signed = session.get(SESSION_KEY)
    if signed:
        try:
            return _signer.unsign(signed)
        except signing.BadSignature:
            pass
    if not create:
        return ""
    new_id = secrets.token_hex(16)
    session[SESSION_KEY] = _signer.sign(new_id)
    return new_id


def visible_documents(request) -> QuerySet[Document]:
    """The documents this request may see: its user's and its visitor id's, nobody else's."""
    rule = Q(pk__in=[])
    visitor = visitor_id(request)
    if visitor:
        rule |= Q(visitor_id=visitor)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        rule |= Q(owner=user)
    return Document.objects.filter(rule)
