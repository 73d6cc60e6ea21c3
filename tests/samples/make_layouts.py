#!/usr/bin/env python3
"""Writes the samples for issue 12 section 4 (detection and localisation):

  samples/google-pt       a pt-BR Takeout (YouTube e YouTube Music/histórico/..., inscrições.csv)
  samples/google-fr       a French Takeout, given to dataport as its `Takeout` folder itself
  samples/google-de-bare  German product folders with no `Takeout/` above them
  samples/facebook/messenger-only   a Messenger-only download (messages/inbox/<thread>/message_N.json)
  samples/x-empty         a 2022 X archive whose data files are all empty

Every name, message and value is invented. Folder and file names follow real exports
(docs/formats/google.md says which were seen and which are inferred).
Run from the repository root: python3 tests/samples/make_layouts.py
"""
import json
import os


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(text.encode("utf-8") if isinstance(text, str) else text)


def activity(items):
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def mbox(sender, subject, date, body):
    return (f"From 1790000000000000101@xxx {date}\n"
            "X-Gmail-Labels: Inbox,Opened\n"
            "Message-ID: <loc-1@mail.example.org>\n"
            f"Date: {date}\n"
            f"From: {sender}\n"
            "To: ana.kovac@example.com\n"
            f"Subject: {subject}\n"
            "MIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=\"UTF-8\"\n"
            "Content-Transfer-Encoding: 8bit\n\n"
            f"{body}\n\n")


def google_pt():
    root = "samples/google-pt/takeout-20260402T093000Z-001/Takeout"
    write(f"{root}/archive_browser.html", "<!DOCTYPE html><html><head><title>Arquivo do Google</title></head>"
          "<body><h1>Seu arquivo</h1></body></html>\n")
    write(f"{root}/Minha atividade/Pesquisa/MinhaAtividade.json", activity([
        {"header": "Pesquisa", "title": "Pesquisou previsão do tempo lisboa",
         "titleUrl": "https://www.google.com/search?q=previs%C3%A3o+do+tempo+lisboa",
         "time": "2026-03-20T08:15:00.125Z", "products": ["Pesquisa"], "activityControls": ["Atividade na Web e de apps"]},
    ]))
    yt = f"{root}/YouTube e YouTube Music"
    write(f"{yt}/histórico/histórico de pesquisa.json", activity([
        {"header": "YouTube", "title": "Pesquisou receita pão de queijo",
         "titleUrl": "https://www.youtube.com/results?search_query=receita+p%C3%A3o+de+queijo",
         "time": "2026-03-18T21:02:11.5Z", "products": ["YouTube"], "activityControls": ["Histórico de pesquisa do YouTube"]},
    ]))
    write(f"{yt}/histórico/histórico-de-visualização.json", activity([
        {"header": "YouTube", "title": "Assistiu Como funciona uma ponte pênsil",
         "titleUrl": "https://www.youtube.com/watch?v=Pt12Ab34Cd5",
         "subtitles": [{"name": "Engenharia Explicada", "url": "https://www.youtube.com/channel/UCpt000000000000000001"}],
         "time": "2026-03-19T19:40:00Z", "products": ["YouTube"], "activityControls": ["Histórico de exibição do YouTube"]},
    ]))
    write(f"{yt}/inscrições/inscrições.csv",
          "ID do canal,URL do canal,Título do canal\n"
          "UCpt000000000000000001,http://www.youtube.com/channel/UCpt000000000000000001,Engenharia Explicada\n"
          "UCpt000000000000000002,http://www.youtube.com/channel/UCpt000000000000000002,Cozinha da Vó\n")
    write(f"{root}/Gmail/Todos os e-mails, incluindo Spam e Lixeira.mbox",
          mbox("=?UTF-8?Q?Jo=C3=A3o_Silva?= <joao@example.org>", "Almoço sexta?",
               "Fri, 20 Mar 2026 12:00:00 +0000", "Vamos almoçar na sexta?"))
    write(f"{root}/Contatos/Meus contatos/Meus contatos.vcf",
          "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:João Silva\r\nN:Silva;João;;;\r\nEMAIL;TYPE=INTERNET:joao@example.org\r\n"
          "END:VCARD\r\n")


def google_fr():
    root = "samples/google-fr/takeout-20260405T101500Z-001/Takeout"
    write(f"{root}/archive_browser.html", "<!DOCTYPE html><html><head><title>Archive Google</title></head>"
          "<body><h1>Votre archive</h1></body></html>\n")
    write(f"{root}/Mon activité/Recherche/MonActivité.json", activity([
        {"header": "Recherche", "title": "Vous avez recherché météo lyon",
         "titleUrl": "https://www.google.com/search?q=m%C3%A9t%C3%A9o+lyon",
         "time": "2026-04-01T07:30:00.5Z", "products": ["Recherche"], "activityControls": ["Activité sur le Web et les applications"]},
        {"header": "Recherche", "title": "Vous avez recherché horaires TER Lyon Grenoble",
         "titleUrl": "https://www.google.com/search?q=horaires+TER+Lyon+Grenoble",
         "time": "2026-04-02T17:05:09Z", "products": ["Recherche"], "activityControls": ["Activité sur le Web et les applications"]},
    ]))
    yt = f"{root}/YouTube et YouTube Music"
    write(f"{yt}/historique/historique des vidéos regardées.json", activity([
        {"header": "YouTube", "title": "Vous avez regardé Les ponts de Lyon en 10 minutes",
         "titleUrl": "https://www.youtube.com/watch?v=Fr12Ab34Cd5",
         "subtitles": [{"name": "Patrimoine Rhône", "url": "https://www.youtube.com/channel/UCfr000000000000000001"}],
         "time": "2026-04-03T20:10:00Z", "products": ["YouTube"], "activityControls": ["Historique des vidéos regardées sur YouTube"]},
    ]))
    write(f"{yt}/abonnements/abonnements.csv",
          "ID des chaînes,URL des chaînes,Titres des chaînes\n"
          "UCfr000000000000000001,http://www.youtube.com/channel/UCfr000000000000000001,Patrimoine Rhône\n")
    write(f"{root}/Chrome/Historique.json", json.dumps({"Browser History": [
        {"page_transition": "LINK", "title": "Bibliothèque municipale de Lyon", "url": "https://www.bm-lyon.example/",
         "client_id": "frClient1==", "time_usec": 1775050000000000}]}, ensure_ascii=False, indent=2) + "\n")
    write(f"{root}/Agenda/Ana Kovač.ics",
          "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//FR\r\n"
          "BEGIN:VEVENT\r\nDTSTART:20260410T090000Z\r\nDTEND:20260410T100000Z\r\nUID:fr-1@google.com\r\n"
          "SUMMARY:Réunion d'équipe\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def google_de_bare():
    root = "samples/google-de-bare"
    write(f"{root}/Meine Aktivitäten/Google Suche/MeineAktivitäten.json", activity([
        {"header": "Google Suche", "title": "Gesucht nach wetter berlin",
         "titleUrl": "https://www.google.com/search?q=wetter+berlin",
         "time": "2026-02-10T06:45:12Z", "products": ["Google Suche"], "activityControls": ["Web- & App-Aktivitäten"]},
    ]))
    write(f"{root}/Gmail/Alle E-Mails einschließlich Spam-Nachrichten und Papierkorb.mbox",
          mbox("=?UTF-8?Q?J=C3=BCrgen_Wei=C3=9F?= <juergen@example.org>", "Grüße aus Köln",
               "Tue, 10 Feb 2026 09:00:00 +0100", "Bis bald in Köln!"))
    write(f"{root}/YouTube und YouTube Music/Abos/Abos.csv",
          "Kanal-ID,Kanal-URL,Kanaltitel\n"
          "UCde000000000000000001,http://www.youtube.com/channel/UCde000000000000000001,Datenküche\n")
    write(f"{root}/Chrome/Verlauf.json", json.dumps({"Browser History": [
        {"page_transition": "TYPED", "title": "Deutsche Bahn", "url": "https://www.bahn.example/",
         "client_id": "deClient1==", "time_usec": 1770710000000000}]}, ensure_ascii=False, indent=2) + "\n")


def meta_escape(text):
    """Meta writes each UTF-8 byte of a non-ASCII character as its own \\u00XX escape."""
    return "".join(c if ord(c) < 0x80 else "".join(f"\\u00{b:02x}" for b in c.encode("utf-8")) for c in text)


def messenger_only():
    root = "samples/facebook/messenger-only/messages/inbox"
    thread = "jordanpike_10153029279158403"
    def thread_file(messages):
        body = {"participants": [{"name": "Jordan Pike"}, {"name": "Ana Kovač"}], "messages": messages,
                "title": "Jordan Pike", "is_still_participant": True, "thread_path": f"inbox/{thread}", "magic_words": []}
        return meta_escape(json.dumps(body, ensure_ascii=False, indent=2)) + "\n"
    # message_1 holds the newest messages, newest first.
    write(f"{root}/{thread}/message_1.json", thread_file([
        {"sender_name": "Ana Kovač", "timestamp_ms": 1716201900456, "content": "Perfeito, até já 😅",
         "is_geoblocked_for_viewer": False},
        {"sender_name": "Jordan Pike", "timestamp_ms": 1716201600123, "content": "See you at 8 at the café",
         "reactions": [{"reaction": "❤", "actor": "Ana Kovač"}], "is_geoblocked_for_viewer": False},
    ]))
    write(f"{root}/{thread}/message_2.json", thread_file([
        {"sender_name": "Jordan Pike", "timestamp_ms": 1716115200000, "content": "Dinner tomorrow?",
         "is_geoblocked_for_viewer": False},
    ]))
    group = "lyonclimbers_4812345678901234"
    body = {"participants": [{"name": "Marta Silva"}, {"name": "Ana Kovač"}, {"name": "Jon Berg"}],
            "messages": [{"sender_name": "Marta Silva", "timestamp_ms": 1716000000000, "content": "Salle de bloc samedi ?",
                          "is_geoblocked_for_viewer": False}],
            "title": "Lyon climbers", "is_still_participant": True, "thread_type": "RegularGroup",
            "thread_path": f"inbox/{group}", "magic_words": []}
    write(f"{root}/{group}/message_1.json", meta_escape(json.dumps(body, ensure_ascii=False, indent=2)) + "\n")


def x_empty():
    root = "samples/x-empty"
    write(f"{root}/Your archive.html", "<!DOCTYPE html><html><head><title>Your archive</title></head>"
          "<body><div id=\"root\"></div></body></html>\n")
    for name in ["manifest.js", "account.js", "tweets.js", "like.js", "follower.js", "following.js",
                 "direct-messages.js", "ip-audit.js"]:
        write(f"{root}/data/{name}", b"")


if __name__ == "__main__":
    google_pt()
    google_fr()
    google_de_bare()
    messenger_only()
    x_empty()
