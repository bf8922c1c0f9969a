// How many users hold the admin role.
MATCH (u:AppUser {role: 'admin'})
RETURN count(u) AS admins
