// A real OpenID Connect provider (the certified `oidc-provider` package) for Catalyst's single
// sign-on tests. tests/oidc/conftest.py starts it with one JSON argument:
//   {"issuer": optional, "redirect_uri": "...", "client_id": "...", "client_secret": "...",
//    "users": [{"login": "...", "email": "...", "email_verified": true, "name": "..."}],
//    "kid": optional, the key id to sign under (an impostor may borrow the real provider's)}
// It listens on a free port of 127.0.0.1 and prints one line, `listening <its URL>`, when ready.
// Each start signs with a freshly generated RSA key, so two providers never share a key.
// The sign-in and consent pages are the package's own development interactions: the login name
// picks the test user (any password is accepted).
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(process.argv[2] || '{}');
const users = new Map((config.users || []).map((user) => [user.login, user]));

function signingKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: config.kid || randomUUID(), alg: 'RS256', use: 'sig' };
}

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = config.issuer || `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: config.client_id,
      client_secret: config.client_secret,
      redirect_uris: [config.redirect_uri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    }],
    jwks: { keys: [signingKey()] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: [randomUUID()] },
    pkce: { required: () => true },
    async findAccount(ctx, id) {
      const user = users.get(id);
      if (!user) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: user.email, email_verified: user.email_verified, name: user.name || id };
        },
      };
    },
  });
  server.on('request', provider.callback());
  process.stdout.write(`listening http://127.0.0.1:${server.address().port}\n`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
