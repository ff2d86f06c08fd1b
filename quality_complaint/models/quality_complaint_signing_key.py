import base64
import hashlib
import os

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from odoo import api, fields, models
from odoo.tools import config

KEY_FOLDER = "quality_complaint_signing"


class QualityComplaintSigningKey(models.Model):
    """The Ed25519 keys with which the lab signs its letters and decisions.

    Only the public half is a record. The private half is a file in the
    database's filestore, readable by the Odoo process alone: system
    parameters are read by every administrator and travel with every copy of
    the database (a dump, a test copy), and a letter signed by such a copy
    would pass for the lab's. Neutralising a database (data/neutralize.sql)
    marks its keys neutralised: their files are deleted on the next signature,
    which makes a key of its own. Keys are never deleted, so that old letters
    stay verifiable with /complaint/verify/key.
    """

    _name = "quality.complaint.signing.key"
    _description = "Signing key"
    _order = "id desc"
    _rec_name = "key_id"

    # === FIELDS === #

    key_id = fields.Char(string="Key id", required=True, readonly=True, index=True)
    public_key = fields.Char(
        required=True, readonly=True, help="The raw 32-byte Ed25519 public key, base64-encoded."
    )
    neutralized = fields.Boolean(
        readonly=True, help="The database was neutralised: this key signs nothing any more."
    )

    _key_id_unique = models.Constraint("UNIQUE(key_id)", "A key id names one key.")

    # === BUSINESS METHODS === #

    @api.model
    def _qc_folder(self):
        return os.path.join(config.filestore(self.env.cr.dbname), KEY_FOLDER)

    def _qc_path(self):
        self.ensure_one()
        return os.path.join(self._qc_folder(), f"{self.key_id}.pem")

    @api.model
    def _qc_signing_key(self):
        """(key record, private key) of the key that signs now, made on first use."""
        Key = self.sudo()
        for key in Key.search([("neutralized", "=", True)]):
            if os.path.exists(key._qc_path()):
                os.remove(key._qc_path())
        for key in Key.search([("neutralized", "=", False)]):
            private = key._qc_load()
            if private:
                return key, private
        return self._qc_new_key()

    def _qc_load(self):
        try:
            with open(self._qc_path(), "rb") as pem:
                return serialization.load_pem_private_key(pem.read(), password=None)
        except FileNotFoundError:
            return None

    @api.model
    def _qc_new_key(self):
        private = Ed25519PrivateKey.generate()
        raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        key_id = hashlib.sha256(raw).hexdigest()[:16]
        folder = self._qc_folder()
        os.makedirs(folder, mode=0o700, exist_ok=True)
        pem = private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        descriptor = os.open(
            os.path.join(folder, f"{key_id}.pem"), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600
        )
        with os.fdopen(descriptor, "wb") as file:
            file.write(pem)
        key = self.sudo().create({"key_id": key_id, "public_key": base64.b64encode(raw).decode()})
        return key, private

    @api.model
    def _qc_published(self):
        """Every key, for /complaint/verify/key."""
        return [
            {
                "id": key.key_id,
                "algorithm": "Ed25519",
                "public_key": key.public_key,
                "created": key.create_date.isoformat(timespec="seconds") + "Z",
                "neutralized": key.neutralized,
            }
            for key in self.sudo().search([], order="id")
        ]
