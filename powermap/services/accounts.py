"""People's accounts: sign-in with an e-mail and a password, for the web page; API keys stay for machines.

- An account belongs to one existing employee (the person) and carries a role (viewer, editor,
  admin), like a key. Its session acts as that employee: their teams' customers, their signature
  on audit entries and assessments (the audit entry names the account, in `accountId`).
- Passwords are hashed with argon2id (`argon2-cffi`, its RFC 9106 low-memory profile) and never
  stored, returned or logged. A new password has at least 12 characters (`powermap.models.accounts`).
- Signing in fails with one answer (401, "the e-mail or password is wrong") whether the e-mail is
  unknown, the password wrong or the account disabled; an unknown e-mail still pays one argon2
  verification against a fixed hash, so the time taken does not tell which.
- Admins create, list and disable accounts (`powermap accounts ...`, `/api/v1/accounts`). Disabling
  deletes the account's sessions in the same transaction, and every session read joins an enabled
  account, so a disabled person is signed out at once. Creating and disabling are audited (e-mail,
  role, employee; never the hash). There is no re-enable: create a new account (or, later, a
  password reset flow); a disabled account keeps its e-mail so the audit trail stays unambiguous.
- Single sign-on seam: `account_for_identity` is where an OpenID Connect login would land. A relying
  party (not built) verifies the ID token (issuer, audience, signature, nonce) and hands the
  verified claims here as an `ExternalIdentity`; this function maps them to an enabled account (by
  verified e-mail today; by `(issuer, subject)` once accounts store it), and the session is opened
  with `open_session_for` exactly as for a password. Roles stay Powermap's: an identity provider
  says who someone is, an admin decides what they may do.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from powermap.graph.driver import Graph
from powermap.graph.repositories import accounts as store
from powermap.models.accounts import AccountCreate, PasswordSignIn
from powermap.models.security import AccountRead, Principal, Role
from powermap.services import policy, security
from powermap.services.policy import Unauthorized

WRONG_CREDENTIALS = "the e-mail or password is wrong, or the account is disabled"
hasher = PasswordHasher()


@cache
def _decoy_hash() -> str:
    """A hash no password is known for: an unknown e-mail is verified against it, costing the same time."""
    return hasher.hash("no account has this password: it only makes an unknown e-mail cost a verification")


def _verified(password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_account(graph: Graph, *, principal: Principal, account: AccountCreate) -> AccountRead:
    """Create a person's account (admins only); the password is kept as its argon2 hash."""
    policy.require_role(principal, Role.ADMIN)
    return store.create_account(graph, email=account.email,
                                password_hash=hasher.hash(account.password.get_secret_value()),
                                role=account.role.value, employee_id=account.employee_id,
                                who=principal.signature, authorize=policy.write_guard(principal))


def disable_account(graph: Graph, *, principal: Principal, account_id: str) -> AccountRead:
    """Disable an account and end its sessions at once (admins only)."""
    policy.require_role(principal, Role.ADMIN)
    return store.disable_account(graph, account_id=account_id, who=principal.signature,
                                 authorize=policy.write_guard(principal))


def list_accounts(graph: Graph, *, principal: Principal) -> list[AccountRead]:
    """Every account, without passwords (admins only)."""
    policy.require_role(principal, Role.ADMIN)
    return store.list_accounts(graph)


def authenticate_password(graph: Graph, *, credentials: PasswordSignIn) -> AccountRead:
    """The enabled account these credentials open; one 401 for every failure (see the module's rules)."""
    found = store.account_for_sign_in(graph, email=credentials.email)
    password = credentials.password.get_secret_value()
    if found is None:
        _verified(_decoy_hash(), password)
        raise Unauthorized(WRONG_CREDENTIALS, field="email")
    account, password_hash = found
    if not _verified(password_hash, password) or account.disabled_at is not None:
        raise Unauthorized(WRONG_CREDENTIALS, field="email")
    return account


@dataclass(frozen=True)
class ExternalIdentity:
    """Who an identity provider says someone is, from an ID token a relying party has verified."""

    issuer: str
    subject: str
    email: str
    email_verified: bool


def account_for_identity(graph: Graph, *, identity: ExternalIdentity) -> AccountRead:
    """The enabled account an identity provider's verified identity maps to (the OpenID Connect seam).

    Only a verified e-mail maps, and only to an account an admin created: signing in with single
    sign-on never creates an account or a role.
    """
    found = store.account_for_sign_in(graph, email=identity.email.strip().lower()) if identity.email_verified else None
    if found is None or found[0].disabled_at is not None:
        raise Unauthorized(f"no enabled account for {identity.email} from {identity.issuer}", field="email")
    return found[0]


def open_session_for(graph: Graph, *, account: AccountRead, seconds: int) -> tuple[str, datetime]:
    """A session for an account that proved who it is (by password, or later by single sign-on)."""
    return security.open_account_session(graph, account=account, seconds=seconds)
