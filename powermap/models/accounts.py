"""What an admin sends to create a person's account, and what a person sends to sign in.

Passwords arrive as `SecretStr`, so no repr, log line or error body ever shows one. A new
password has at least `MIN_PASSWORD_LENGTH` characters (a passphrase, as NIST SP 800-63B
advises, rather than composition rules) and at most `MAX_PASSWORD_LENGTH` (argon2 would hash
more, but nobody types more and a bound keeps a request's cost bounded). E-mail addresses are
stored lower-cased and trimmed, so `Ann@Us.example` and `ann@us.example` are one account.
"""

from typing import Annotated

from pydantic import AfterValidator, Field, SecretStr, StringConstraints

from powermap.models.base import ApiModel
from powermap.models.security import Role
from powermap.models.types import NodeId

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256


def _plain_address(value: str) -> str:
    local, at, domain = value.rpartition("@")
    if not at or not local or "." not in domain or any(c.isspace() for c in value):
        raise ValueError("is not an e-mail address (name@example.com)")
    return value


AccountEmail = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=3, max_length=320),
                         AfterValidator(_plain_address)]
NewPassword = Annotated[SecretStr, Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH,
                                         description=f"At least {MIN_PASSWORD_LENGTH} characters")]


class AccountCreate(ApiModel):
    """A person's account: who they are (an existing employee), how they sign in, and their role."""

    email: AccountEmail
    password: NewPassword
    employee_id: NodeId
    role: Role = Role.VIEWER


class PasswordSignIn(ApiModel):
    """E-mail and password, sent once to open a session (any length: a wrong one is just wrong)."""

    email: Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, max_length=320)]
    password: Annotated[SecretStr, Field(max_length=MAX_PASSWORD_LENGTH)]
