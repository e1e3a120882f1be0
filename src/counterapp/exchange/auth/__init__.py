"""Authentication schemes a department connector can use (api_key, hmac, oauth2, client_cert)."""
