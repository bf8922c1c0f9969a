// Every user of the app with everything stored about them (for moving to another database).
MATCH (u:AppUser)
RETURN u.id AS login, u.role AS role, u.version AS version, u.updated_at AS updated_at
ORDER BY login
