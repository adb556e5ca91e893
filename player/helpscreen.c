/* helpscreen — two screens the home page leads to: "Sertifikat saya" (the certificates this
 * learner earned on this PC, each to open or put on a stick) and "Bantuan" (how to use the
 * player, who to ask, the version and where the data folder is).
 *
 * Certificates are the PDFs the post-tests wrote to <data-dir>/sertifikat/, named
 * <course id>-<NIP>.pdf; a course no longer installed still shows, by its id. */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "app.h"
#include "lentera/version.h"
#include "screens.h"

static gint by_name(gconstpointer x, gconstpointer y) {
  return strcmp(*(char *const *)x, *(char *const *)y);
}

void certificates_screen(app *a) {
  ui *u = &a->ui;
  ui_text(u, _("Sertifikat saya"), 1.5, true, UI_ACCENT);
  char *dir = g_build_filename(a->data_dir, "sertifikat", NULL);
  char *suffix = g_strdup_printf("-%s.pdf", a->learner.employee_id);
  GPtrArray *mine = g_ptr_array_new_with_free_func(g_free);
  GDir *d = g_dir_open(dir, 0, NULL);
  for (const char *n; d && (n = g_dir_read_name(d));)
    if (g_str_has_suffix(n, suffix) && strlen(n) > strlen(suffix))
      g_ptr_array_add(mine, g_strdup(n));
  if (d) g_dir_close(d);
  g_ptr_array_sort(mine, by_name);
  if (!mine->len)
    ui_text(u,
            _("Belum ada sertifikat. Sertifikat dibuat saat Anda lulus tes akhir sebuah kursus."),
            1.0, false, UI_MUTED);
  for (guint i = 0; i < mine->len; i++) {
    const char *n = g_ptr_array_index(mine, i);
    char *id = g_strndup(n, strlen(n) - strlen(suffix));
    const lt_manifest *m = lt_library_find(a->lib, id);
    ui_text(u, m ? lt_manifest_get_info(m)->title : id, 1.1, true, UI_INK);
    char *path = g_build_filename(dir, n, NULL);
    certificate_actions(a, path);
    g_free(path), g_free(id);
  }
  g_ptr_array_free(mine, TRUE);
  g_free(dir), g_free(suffix);
  ui_space(u, 12);
  if (ui_button(u, _("Kembali ke daftar kursus"), true)) {
    g_clear_pointer(&a->pdf_note, g_free);
    a->screen = SCR_LIBRARY;
  }
}

void help_screen(app *a) {
  ui *u = &a->ui;
  ui_text(u, _("Bantuan"), 1.5, true, UI_ACCENT);
  ui_text(u, _("Cara memakai"), 1.1, true, UI_INK);
  ui_text(u,
          _("Pilih kursus, lalu kerjakan bagiannya dari atas: tes awal, pelajaran, lembar "
            "ringkas, tes akhir. \"Lanjutkan\" membuka bagian berikutnya. Jawaban dan kemajuan "
            "tersimpan di komputer ini setiap saat; Anda boleh berhenti kapan saja. Lulus tes "
            "akhir memberi sertifikat (lihat \"Sertifikat saya\")."),
          1.0, false, UI_INK);
  ui_text(u,
          _("Tes ulang: beberapa kursus menanyakan lagi soal tes akhirnya sebulan atau tiga "
            "bulan setelah Anda lulus. Saat waktunya tiba, tombol \"Tes ulang\" tampil di "
            "beranda. Nilainya hanya menunjukkan apa yang masih Anda ingat; kelulusan dan "
            "sertifikat Anda tetap berlaku."),
          1.0, false, UI_INK);
  ui_text(u,
          _("Ulang singkat: soal yang pernah Anda jawab belum tepat di tes akhir atau latihan "
            "muncul lagi di beranda besoknya, paling banyak 5 soal sekali duduk. Dijawab benar, "
            "soal itu kembali 3, 7, 14, lalu 30 hari kemudian; dijawab salah, besok lagi. Setelah "
            "benar lima kali berturut-turut soal itu dianggap dikuasai. Jawabannya hanya "
            "latihan: nilai tes dan sertifikat tidak berubah."),
          1.0, false, UI_INK);
  ui_text(u,
          _("Papan ketik: Tab pindah, Enter memilih, panah dan Page Down menggulir, Esc "
            "kembali, Ctrl + dan Ctrl − mengubah ukuran huruf. Dalam tes: angka 1–9 atau Spasi "
            "memilih jawaban, panah pindah antarjawaban, Enter mengirim."),
          1.0, false, UI_INK);
  ui_text(u, _("Bila ada masalah"), 1.1, true, UI_INK);
  ui_text(u,
          _("Hubungi petugas TI kantor Anda. Sebutkan pesan yang tampil di layar dan versi "
            "Lentera di bawah ini. Pertanyaan tentang isi kursus: tanyakan kepada pelatih."),
          1.0, false, UI_INK);
  if (a->help_contact) { /* lentera.conf [player] help_contact, set by IT */
    char *who = g_strdup_printf(_("Petugas TI: %s"), a->help_contact);
    ui_text(u, who, 1.0, true, UI_INK);
    g_free(who);
  }
  char *version = g_strdup_printf(_("Versi: Lentera %s"), LT_VERSION);
  ui_text(u, version, 0.95, false, UI_MUTED);
  g_free(version);
  char *where = g_canonicalize_filename(a->data_dir, NULL); /* a path IT can find */
  char *folder = g_strdup_printf(_("Folder data: %s"), where);
  g_free(where);
  ui_text(u, folder, 0.95, false, UI_MUTED);
  g_free(folder);
  ui_space(u, 12);
  if (ui_button(u, _("Kembali ke daftar kursus"), true)) a->screen = SCR_LIBRARY;
}
