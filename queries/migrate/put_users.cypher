// Write users with their role, version and time of the last change (moving from another database).
// $rows: list of {login, role, version, updated_at}
UNWIND $rows AS r
MERGE (u:AppUser {id: r.login})
SET u.role = r.role, u.version = r.version, u.updated_at = r.updated_at
RETURN count(*) AS written
