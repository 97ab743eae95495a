"""Paste filter for nova-api's noauth2 pipeline: put the request's X-Auth-Token into the context.

nova's NoAuthMiddleware builds a RequestContext without auth_token. nova-api then calls Glance
(and Neutron, for the user's own resources) with the context's token as a keystoneauth plugin,
and keystoneauth refuses with "No valid authentication is available": GET /images and POST
/servers answer 500. Glance and Neutron here accept any token, so handing on the caller's one
is enough. Goes right after noauth2 in api-paste.ini:

    [filter:token_context]
    paste.filter_factory = nova_token_context:filter_factory
"""


class TokenContext:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        ctx = environ.get('nova.context')
        token = environ.get('HTTP_X_AUTH_TOKEN')
        if ctx is not None and token and not ctx.auth_token:
            ctx.auth_token = token
        return self.app(environ, start_response)


def filter_factory(global_conf, **local_conf):
    return TokenContext
