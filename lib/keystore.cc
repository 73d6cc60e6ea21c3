#include "lib/keystore.h"

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

#include "lib/error.h"
#include "lib/jcs.h"

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

KeyStore::KeyStore(std::string dir) : dir_(std::move(dir)) {}

std::string KeyStore::default_dir(const std::string& db_path) {
  if (const char* env = std::getenv("DATAPORT_KEYS"); env && *env) return env;
  fs::path p(db_path);
  return (p.parent_path().empty() ? fs::path("keys") : p.parent_path() / "keys").string();
}

std::string KeyStore::file(const std::string& name) const {
  if (!valid_key_name(name))
    throw Error("key", "invalid key name \"" + name + "\"", "use letters, digits, '.', '_' and '-'");
  return (fs::path(dir_) / (name + ".json")).string();
}

bool KeyStore::exists(const std::string& name) const { return fs::exists(file(name)); }

std::string KeyStore::save(const std::string& name, const KeyPair& key, const std::string& created) {
  std::string path = file(name);
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
  return path;
}

StoredKey KeyStore::load(const std::string& name) const {
  std::string path = file(name);
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
  if (!fs::is_directory(dir_, ec)) return out;
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    std::string n = e.path().filename().string();
    if (n.size() > 5 && n.ends_with(".json") && valid_key_name(n.substr(0, n.size() - 5))) names.push_back(n.substr(0, n.size() - 5));
  }
  std::sort(names.begin(), names.end());
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
