// The role of one user (no row if the user is not in the table).
// $login: the login (e-mail address or subject, lower case)
MATCH (u:AppUser {id: $login})
RETURN u.role AS role
