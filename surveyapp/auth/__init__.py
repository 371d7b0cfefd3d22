"""Staff access: users with roles, login and logout, password changes."""
