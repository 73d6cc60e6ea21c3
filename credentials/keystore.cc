#include "credentials/keystore.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "credentials/jcs.h"
#include "lib/error.h"
#include "lib/hash.h"

namespace dataport {

namespace fs = std::filesystem;

namespace {

std::string mode_string(mode_t m) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(m & 07777));
  return buf;
}

}  // namespace

bool valid_key_name(const std::string& name) {
  if (name.empty() || name.size() > 64 || name[0] == '.' || name[0] == '-') return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) return false;
  return true;
}

KeyStore::KeyStore(std::string dir, std::vector<std::string> older) : dir_(std::move(dir)) {
  std::error_code ec;
  for (std::string& o : older)
    if (!o.empty() && !fs::equivalent(o, dir_, ec) && fs::path(o).lexically_normal() != fs::path(dir_).lexically_normal())
      older_.push_back(std::move(o));
}

std::string KeyStore::default_dir() {
  if (const char* env = std::getenv("DATAPORT_KEYS"); env && *env) return env;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return (fs::path(xdg) / "dataport" / "keys").string();
  if (const char* home = std::getenv("HOME"); home && *home) return (fs::path(home) / ".local/share/dataport/keys").string();
  throw Error("key", "no key folder: neither $DATAPORT_KEYS, $XDG_DATA_HOME nor $HOME is set");
}

KeyStore KeyStore::for_user(const std::string& db_path) {
  std::vector<std::string> older;
  if (const char* env = std::getenv("DATAPORT_KEYS"); !(env && *env)) {
    fs::path p(db_path);
    older.push_back((p.parent_path().empty() ? fs::path("keys") : p.parent_path() / "keys").string());
  }
  return KeyStore(default_dir(), std::move(older));
}

std::string KeyStore::file(const std::string& dir, const std::string& name) const {
  if (!valid_key_name(name))
    throw Error("key", "invalid key name \"" + name + "\"", "use letters, digits, '.', '_' and '-'");
  return (fs::path(dir) / (name + ".json")).string();
}

const std::string& KeyStore::home_of(const std::string& name) const {
  std::error_code ec;
  if (fs::exists(file(dir_, name), ec)) return dir_;
  for (const std::string& o : older_)
    if (fs::exists(file(o, name), ec)) return o;
  return dir_;
}

bool KeyStore::exists(const std::string& name) const {
  std::error_code ec;
  return fs::exists(file(home_of(name), name), ec);
}

std::string KeyStore::save(const std::string& name, const KeyPair& key, const std::string& created) {
  if (home_of(name) != dir_)
    throw Error(file(home_of(name), name), "a key named \"" + name + "\" already exists", "pick another --name");
  std::string path = file(dir_, name);
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) throw Error(dir_, "cannot create the key folder: " + ec.message());
  ::chmod(dir_.c_str(), 0700);
  json doc{{"name", name}, {"type", key_type_name(key.type)}, {"created", created},
           {"public_jwk", public_jwk(key.pub)}, {"private_jwk", private_jwk(key)}};
  if (key.type == KeyType::ed25519) {
    doc["did"] = did_key(key.pub);
    doc["secret_key_multibase"] = ed25519_secret_multibase(key);
  }
  std::string text = doc.dump(2) + "\n";
  write_private(path, name, text);
  return path;
}

void KeyStore::write_private(const std::string& path, const std::string& name, const std::string& text) {
  std::error_code ec;
  // Written whole to a fresh temporary file (O_EXCL, 0600 from the start), then linked to its name:
  // link(2) never replaces an existing key, and a full disk leaves no empty key file behind.
  if (fs::exists(fs::symlink_status(path, ec)))
    throw Error(path, "a key named \"" + name + "\" already exists", "pick another --name");
  std::string tmp_name = (fs::path(dir_) / ".new-key.XXXXXX").string();
  std::vector<char> tmp(tmp_name.begin(), tmp_name.end());
  tmp.push_back('\0');
  int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
  if (fd < 0) throw Error(path, std::string("cannot create the key file: ") + std::strerror(errno));
  ::fchmod(fd, 0600);  // whatever the umask says
  auto fail = [&](const std::string& what, int err) {
    ::close(fd);
    ::unlink(tmp.data());
    return Error(path, what + ": " + std::strerror(err) + "; no key was saved");
  };
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw fail("cannot write the key file", errno);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) throw fail("cannot write the key file", errno);
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(tmp.data());
    throw Error(path, std::string("cannot write the key file: ") + std::strerror(err) + "; no key was saved");
  }
  int rc = ::link(tmp.data(), path.c_str());
  int err = errno;
  ::unlink(tmp.data());
  if (rc != 0) {
    if (err == EEXIST) throw Error(path, "a key named \"" + name + "\" already exists", "pick another --name");
    throw Error(path, std::string("cannot create the key file: ") + std::strerror(err));
  }
}

std::string KeyStore::pseudonym_secret(const std::string& name, bool create, const std::string& created, bool* made) {
  if (!valid_key_name(name)) throw Error("key", "invalid key name \"" + name + "\"", "use letters, digits, '.', '_' and '-'");
  std::string path = (fs::path(dir_) / (name + ".secret")).string();
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (!create)
      throw Error("key", "no pseudonym key named \"" + name + "\" in " + dir_, "it is made on first use by `export --policy`");
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) throw Error(dir_, "cannot create the key folder: " + ec.message());
    ::chmod(dir_.c_str(), 0700);
    std::string raw(32, '\0');
    system_random()(reinterpret_cast<unsigned char*>(raw.data()), raw.size());
    json doc{{"name", name}, {"type", "hmac-sha256"}, {"created", created},
             {"use", "pseudonyms of people in exports made under a sharing policy (dataport export --policy)"},
             {"secret", to_hex(raw)}};
    write_private(path, name, doc.dump(2) + "\n");
    if (made) *made = true;
    return raw;
  }
  if (st.st_mode & 077)
    throw Error(path, "key file permissions " + mode_string(st.st_mode) + " are too open: others could read the pseudonym key",
                "run `chmod 600 " + path + "` if you trust that nobody copied it");
  if (st.st_uid != ::geteuid()) throw Error(path, "key file belongs to another user");
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  json doc = parse_json_strict(ss.str(), path);
  std::string hex = doc.is_object() && doc.contains("secret") && doc["secret"].is_string() ? doc["secret"].get<std::string>() : "";
  if (hex.find_first_not_of("0123456789abcdef") != std::string::npos) hex.clear();
  std::string raw;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) raw += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  if (hex.size() < 32 || raw.size() * 2 != hex.size()) throw Error(path, "not a dataport pseudonym key (no secret)");
  return raw;
}

StoredKey KeyStore::load(const std::string& name) const {
  std::string path = file(home_of(name), name);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    throw Error("key", "no key named \"" + name + "\" in " + dir_, "create one with `dataport key generate --name " + name + "`");
  if (st.st_mode & 077)
    throw Error(path, "key file permissions " + mode_string(st.st_mode) + " are too open: others could read the private key",
                "run `chmod 600 " + path + "` if you trust that nobody copied it; otherwise generate a new key");
  if (st.st_uid != ::geteuid()) throw Error(path, "key file belongs to another user");
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(path, "cannot read the key file");
  std::stringstream ss;
  ss << f.rdbuf();
  json doc = parse_json_strict(ss.str(), path);
  if (!doc.is_object() || !doc.contains("private_jwk")) throw Error(path, "not a dataport key file (no private_jwk)");
  StoredKey k;
  k.name = name;
  k.created = doc.value("created", "");
  k.key = key_from_private_jwk(doc["private_jwk"], path);
  k.path = path;
  return k;
}

std::vector<StoredKey> KeyStore::list(std::vector<std::string>* problems) const {
  std::vector<StoredKey> out;
  std::error_code ec;
  std::vector<std::string> names;
  std::vector<std::string> dirs{dir_};
  dirs.insert(dirs.end(), older_.begin(), older_.end());
  for (const std::string& d : dirs) {
    if (!fs::is_directory(d, ec)) continue;
    for (const auto& e : fs::directory_iterator(d, ec)) {
      std::string n = e.path().filename().string();
      if (n.size() > 5 && n.ends_with(".json") && valid_key_name(n.substr(0, n.size() - 5))) names.push_back(n.substr(0, n.size() - 5));
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  for (const auto& n : names) {
    try {
      out.push_back(load(n));
    } catch (const Error& e) {
      if (problems) problems->push_back(describe(e));
    }
  }
  return out;
}

}  // namespace dataport
