#pragma once
// Where `dataport key` keeps private keys: one JSON file per key (NAME.json, mode 0600) in one
// folder per user (mode 0700), whatever database is used. A key file that others can read is refused.

#include <string>
#include <vector>

#include "credentials/keys.h"

namespace dataport {

/// A stored key: its name, when it was made, and the pair.
struct StoredKey {
  std::string name;
  std::string created;  ///< RFC 3339
  KeyPair key;
  std::string path;     ///< the file it lives in
};

/// The key folder of the user, plus older folders that are still read so no key is lost.
class KeyStore {
 public:
  /// `dir` is the folder; it is created (mode 0700) on the first save. Keys missing from it are
  /// looked up in `older` (read only).
  explicit KeyStore(std::string dir, std::vector<std::string> older = {});
  /// The user's key store: `default_dir()`, reading also the folder `keys` beside `db_path`, where
  /// dataport 0.1 kept them (not when $DATAPORT_KEYS names the folder).
  static KeyStore for_user(const std::string& db_path);
  /// The folder: $DATAPORT_KEYS, else $XDG_DATA_HOME/dataport/keys, else ~/.local/share/dataport/keys.
  static std::string default_dir();
  const std::string& dir() const { return dir_; }

  /// True when a key of that name exists (here or in an older folder).
  bool exists(const std::string& name) const;
  /// Writes a new key file with mode 0600 (never overwrites, nor shadows an older key of that
  /// name); throws Error if the name is taken or invalid (letters, digits, '.', '_', '-'; not
  /// starting with '.').
  std::string save(const std::string& name, const KeyPair& key, const std::string& created);
  /// Reads a key; throws Error when it is missing, unreadable, or readable by group or others.
  StoredKey load(const std::string& name) const;
  /// The secret of a pseudonym key (NAME.secret, 32 random bytes, mode 0600), created with
  /// `created` as its date when missing and `create` is true (then `*made` is set). Same checks as load().
  std::string pseudonym_secret(const std::string& name, bool create, const std::string& created, bool* made = nullptr);
  /// Every key, sorted by name (files with loose permissions are listed but flagged).
  std::vector<StoredKey> list(std::vector<std::string>* problems = nullptr) const;

 private:
  std::string file(const std::string& dir, const std::string& name) const;
  /// Writes `text` to a new file `path` (mode 0600) atomically; never replaces an existing one.
  void write_private(const std::string& path, const std::string& name, const std::string& text);
  /// The folder holding `name`: dir_, else the first older one that has it, else dir_.
  const std::string& home_of(const std::string& name) const;
  std::string dir_;
  std::vector<std::string> older_;
};

/// True when `name` can be a key name.
bool valid_key_name(const std::string& name);

}  // namespace dataport
