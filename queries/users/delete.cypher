// Remove a user from the table; returns how many were removed (0 or 1).
// $login: the login (e-mail address or subject, lower case)
MATCH (u:AppUser {id: $login})
DELETE u
RETURN count(*) AS deleted
