// One account per e-mail address (stored lower-cased): sign-in looks people up by it.
CREATE CONSTRAINT account_email IF NOT EXISTS
FOR (n:Account) REQUIRE n.email IS UNIQUE
