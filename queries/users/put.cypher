// Add a user or change their role.
// $login: the login (e-mail address or subject, lower case)
// $role: viewer, editor or admin
// $now: UTC datetime of the change
MERGE (u:AppUser {id: $login})
ON CREATE SET u.version = 0
SET u.role = $role, u.updated_at = $now, u.version = u.version + 1
RETURN u.version AS version
