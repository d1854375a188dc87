"""Computing and presenting where each partnership stands."""
