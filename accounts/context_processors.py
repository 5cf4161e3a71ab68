from .roles import user_roles


def roles(request):
    """Expose the user's roles to templates so navigation fits the role."""
    names = user_roles(request.user) if hasattr(request, "user") else set()
    return {"user_roles": names}
