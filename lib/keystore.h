#pragma once
// Where `dataport key` keeps private keys: one JSON file per key (NAME.json, mode 0600) in a
// folder (mode 0700) under the data directory. A key file that others can read is refused.

#include <string>
#include <vector>

#include "lib/keys.h"

namespace dataport {

/// A stored key: its name, when it was made, and the pair.
struct StoredKey {
  std::string name;
  std::string created;  ///< RFC 3339
  KeyPair key;
  std::string path;     ///< the file it lives in
};

/// The key folder.
class KeyStore {
 public:
  /// `dir` is the folder; it is created (mode 0700) on the first save.
  explicit KeyStore(std::string dir);
  /// The folder: $DATAPORT_KEYS, else "keys" beside the database file `db_path`.
  static std::string default_dir(const std::string& db_path);
  const std::string& dir() const { return dir_; }

  /// True when a key of that name exists.
  bool exists(const std::string& name) const;
  /// Writes a new key file with mode 0600 (never overwrites); throws Error if the name is taken
  /// or invalid (letters, digits, '.', '_', '-'; not starting with '.').
  std::string save(const std::string& name, const KeyPair& key, const std::string& created);
  /// Reads a key; throws Error when it is missing, unreadable, or readable by group or others.
  StoredKey load(const std::string& name) const;
  /// Every key, sorted by name (files with loose permissions are listed but flagged).
  std::vector<StoredKey> list(std::vector<std::string>* problems = nullptr) const;

 private:
  std::string file(const std::string& name) const;
  std::string dir_;
};

/// True when `name` can be a key name.
bool valid_key_name(const std::string& name);

}  // namespace dataport
