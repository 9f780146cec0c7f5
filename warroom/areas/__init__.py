"""Administrative areas: codes, hierarchy, names and boundaries."""
