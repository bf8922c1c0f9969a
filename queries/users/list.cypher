// Every user of the app with their role, ordered by login.
MATCH (u:AppUser)
RETURN u.id AS login, u.role AS role, u.updated_at AS updated_at
ORDER BY login
