//! The built-in messages, one table a language: a line per message in `Key::ALL` order (the
//! comment on each line names it), its plural forms separated by `|`, each written
//! `category=text` except the `other` form, which is bare and always present. Text rather than
//! `&[(PluralCategory, &str)]` slices: the slices' pointers and a `match` per language cost the
//! shipped wasm about 4 KB beyond the words themselves.
//! Wording avoids grammatical gender where the language would otherwise force a guess.

use super::catalog::Key;
use super::{Locale, PluralCategory};
use crate::bytes;

/// English, for native users and tests. Every table, English too, reaches a browser as a
/// language pack (`dist/locales/{tag}.js`, made by `examples/language_packs.rs`), loaded only
/// by a page that speaks it; the shipped wasm links none.
pub const ENGLISH: &str = EN;

/// Every built-in table: for tests, the packs and native users. The shipped wasm never calls
/// it.
pub fn builtin(locale: Locale) -> &'static str {
    match locale {
        Locale::En => EN,
        Locale::Es => ES,
        Locale::Fr => FR,
        Locale::De => DE,
        Locale::Pt => PT,
        Locale::Ja => JA,
        Locale::Ar => AR,
    }
}

/// A table has a line for every key, each with its `other` form, none empty: a language pack
/// that does not is refused (a truncated download, a pack from another version).
pub fn valid(table: &str) -> bool {
    let mut lines = 0;
    for line in bytes::fields(table.strip_suffix('\n').unwrap_or(table), b"\n") {
        if super::catalog::pick(forms(line), PluralCategory::Other).is_none_or(str::is_empty) {
            return false;
        }
        lines += 1;
    }
    lines == Key::ALL.len()
}

/// The forms of `key` in `table`, as (category, text).
pub fn messages(table: &str, key: Key) -> impl Iterator<Item = (PluralCategory, &str)> + Clone {
    // `Key`'s discriminants are its place in `Key::ALL` (a test holds them to it).
    forms(
        bytes::fields(table, b"\n")
            .nth(key as usize)
            .unwrap_or_default(),
    )
}

/// One line's forms, as (category, text).
fn forms(line: &str) -> impl Iterator<Item = (PluralCategory, &str)> + Clone {
    bytes::fields(line, b"|").map(|form| match bytes::split_once(form, b'=') {
        Some((name, text)) => match PluralCategory::parse(name) {
            Some(category) => (category, text),
            None => (PluralCategory::Other, form),
        },
        None => (PluralCategory::Other, form),
    })
}

const EN: &str = concat!(
    "Checking your place in the queue…\n", // Loading
    "one=You're {n}st in line|two=You're {n}nd in line|few=You're {n}rd in line|You're {n}th in line\n", // Position
    "You're next\n",                                                          // Next
    "Estimated wait: {wait}\n",                                               // WaitLabel
    "less than a minute\n",                                                   // LessThanAMinute
    "one=about {n} minute|about {n} minutes\n",                               // AboutMinutes
    "one=less than {n} minute|less than {n} minutes\n",                       // LessThanMinutes
    "{low}–{high} minutes\n",                                                 // RangeMinutes
    "one={n} minute|{n} minutes\n",                                           // Minutes
    "one={n} second|{n} seconds\n",                                           // Seconds
    "{minutes} {seconds}\n",                                                  // PreciseJoin
    "one=more than an hour|more than {n} hours\n",                            // MoreThanHours
    "one=more than {n} minute|more than {n} minutes\n",                       // MoreThanMinutes
    "Updating…\n",                                                            // Stale
    "An agent will be with you shortly\n",                                    // Connecting
    "Connecting you…\n",                                                      // ConnectingFlow
    "You're no longer in the queue\n",                                        // Ended
    "We can't show your place in the queue right now\n",                      // ErrorTitle
    "You're still in the queue. This page can no longer check your place.\n", // ErrorNotAllowed
    "We couldn't find your request in the queue.\n",                          // ErrorNotFound
    "You're still in the queue. This page isn't set up correctly.\n",         // ErrorBadRequest
    "Prefer not to wait? We can call you back.\n",                            // CallbackPrompt
    "Call me back\n",                                                         // CallbackAction
    "Looking for a quick answer?\n",                                          // SelfServicePrompt
    "Visit the help center\n",                                                // SelfServiceAction
    "Your phone number\n",                                                    // CallbackNumberLabel
    "Call me\n",                                                              // CallbackConfirm
    "Back\n",                                                                 // CallbackCancel
    "Enter a number we can call, with + and the country code if it's abroad.\n", // CallbackErrorInvalid
    "We can't call numbers in this country.\n", // CallbackErrorCountry
    "We couldn't request your callback. Please try again.\n", // CallbackErrorFailed
    "You're no longer waiting in the queue, so we can't call you back.\n", // CallbackErrorGone
    "We'll call you at {number} in {wait}\n",   // CallbackScheduled
    "We'll call you at {number} shortly\n",     // CallbackSoon
    "We're calling you now at {number}\n",      // CallbackCalling
    "Your callback is complete. Thank you.\n",  // CallbackDone
    "We couldn't reach you. Please contact us again.\n", // CallbackFailed
    "one=({n}st) {title}|two=({n}nd) {title}|few=({n}rd) {title}|({n}th) {title}\n", // TitlePosition
    "Notify me when I'm next\n",                                                     // NotifyAction
);

const ES: &str = concat!(
    "Comprobando su lugar en la cola…\n", // Loading
    "Su lugar en la cola: {n}\n",         // Position
    "Es la próxima persona en la cola\n", // Next
    "Espera estimada: {wait}\n",          // WaitLabel
    "menos de un minuto\n",               // LessThanAMinute
    "one=aproximadamente {n} minuto|aproximadamente {n} minutos\n", // AboutMinutes
    "one=menos de {n} minuto|menos de {n} minutos\n", // LessThanMinutes
    "{low}–{high} minutos\n",             // RangeMinutes
    "one={n} minuto|{n} minutos\n",       // Minutes
    "one={n} segundo|{n} segundos\n",     // Seconds
    "{minutes} y {seconds}\n",            // PreciseJoin
    "one=más de una hora|más de {n} horas\n", // MoreThanHours
    "one=más de {n} minuto|más de {n} minutos\n", // MoreThanMinutes
    "Actualizando…\n",                    // Stale
    "Un agente le atenderá en breve\n",   // Connecting
    "Le estamos conectando…\n",           // ConnectingFlow
    "Ya no está en la cola\n",            // Ended
    "No podemos mostrar su lugar en la cola en este momento\n", // ErrorTitle
    "Sigue en la cola. Esta página ya no puede consultar su lugar.\n", // ErrorNotAllowed
    "No hemos encontrado su solicitud en la cola.\n", // ErrorNotFound
    "Sigue en la cola. Esta página no está bien configurada.\n", // ErrorBadRequest
    "¿Prefiere no esperar? Podemos llamarle.\n", // CallbackPrompt
    "Solicitar una llamada\n",            // CallbackAction
    "¿Busca una respuesta rápida?\n",     // SelfServicePrompt
    "Visitar el centro de ayuda\n",       // SelfServiceAction
    "Su número de teléfono\n",            // CallbackNumberLabel
    "Llámenme\n",                         // CallbackConfirm
    "Volver\n",                           // CallbackCancel
    "Introduzca un número al que podamos llamar, con + y el código del país si es del extranjero.\n", // CallbackErrorInvalid
    "No podemos llamar a números de este país.\n", // CallbackErrorCountry
    "No hemos podido solicitar la llamada. Inténtelo de nuevo.\n", // CallbackErrorFailed
    "Ya no está esperando en la cola, así que no podemos llamarle.\n", // CallbackErrorGone
    "Le llamaremos al {number} en {wait}\n",       // CallbackScheduled
    "Le llamaremos al {number} en breve\n",        // CallbackSoon
    "Le estamos llamando al {number}\n",           // CallbackCalling
    "Su llamada ha terminado. Gracias.\n",         // CallbackDone
    "No hemos podido contactar con usted. Vuelva a contactarnos.\n", // CallbackFailed
    "({n}.º) {title}\n",                           // TitlePosition
    "Avisarme cuando sea mi turno\n",              // NotifyAction
);

const FR: &str = concat!(
    "Vérification de votre place dans la file…\n", // Loading
    "Votre place dans la file\u{202f}: {n}\n",     // Position
    "Vous êtes la prochaine personne dans la file\n", // Next
    "Attente estimée\u{202f}: {wait}\n",           // WaitLabel
    "moins d’une minute\n",                        // LessThanAMinute
    "one=environ {n} minute|environ {n} minutes\n", // AboutMinutes
    "one=moins de {n} minute|moins de {n} minutes\n", // LessThanMinutes
    "{low} à {high} minutes\n",                    // RangeMinutes
    "one={n} minute|{n} minutes\n",                // Minutes
    "one={n} seconde|{n} secondes\n",              // Seconds
    "{minutes} et {seconds}\n",                    // PreciseJoin
    "one=plus d’une heure|plus de {n} heures\n",   // MoreThanHours
    "one=plus de {n} minute|plus de {n} minutes\n", // MoreThanMinutes
    "Mise à jour…\n",                              // Stale
    "Un conseiller va vous répondre dans un instant\n", // Connecting
    "Mise en relation en cours…\n",                // ConnectingFlow
    "Vous n’êtes plus dans la file\n",             // Ended
    "Impossible d’afficher votre place dans la file pour le moment\n", // ErrorTitle
    "Vous êtes toujours dans la file. Cette page ne peut plus vérifier votre place.\n", // ErrorNotAllowed
    "Nous n’avons pas trouvé votre demande dans la file.\n", // ErrorNotFound
    "Vous êtes toujours dans la file. Cette page n’est pas configurée correctement.\n", // ErrorBadRequest
    "Vous préférez ne pas attendre\u{202f}? Nous pouvons vous rappeler.\n", // CallbackPrompt
    "Demander un rappel\n",                                                 // CallbackAction
    "Vous cherchez une réponse rapide\u{202f}?\n",                          // SelfServicePrompt
    "Consulter le centre d’aide\n",                                         // SelfServiceAction
    "Votre numéro de téléphone\n",                                          // CallbackNumberLabel
    "Rappelez-moi\n",                                                       // CallbackConfirm
    "Retour\n",                                                             // CallbackCancel
    "Saisissez un numéro que nous pouvons appeler, avec + et l’indicatif du pays s’il est à l’étranger.\n", // CallbackErrorInvalid
    "Nous ne pouvons pas appeler les numéros de ce pays.\n", // CallbackErrorCountry
    "Impossible de demander votre rappel. Veuillez réessayer.\n", // CallbackErrorFailed
    "Vous n’êtes plus dans la file d’attente\u{202f}: nous ne pouvons pas vous rappeler.\n", // CallbackErrorGone
    "Nous vous appellerons au {number} dans {wait}\n", // CallbackScheduled
    "Nous vous appellerons au {number} dans un instant\n", // CallbackSoon
    "Nous vous appelons maintenant au {number}\n",     // CallbackCalling
    "Votre rappel est terminé. Merci.\n",              // CallbackDone
    "Nous n’avons pas pu vous joindre. Veuillez nous recontacter.\n", // CallbackFailed
    "one=({n}er) {title}|({n}e) {title}\n",            // TitlePosition
    "Me prévenir quand ce sera mon tour\n",            // NotifyAction
);

const DE: &str = concat!(
    "Ihr Platz in der Warteschlange wird abgerufen…\n", // Loading
    "Sie sind an {n}. Stelle in der Warteschlange\n",   // Position
    "Sie sind als Nächstes an der Reihe\n",             // Next
    "Geschätzte Wartezeit: {wait}\n",                   // WaitLabel
    "weniger als eine Minute\n",                        // LessThanAMinute
    "one=etwa {n} Minute|etwa {n} Minuten\n",           // AboutMinutes
    "one=weniger als {n} Minute|weniger als {n} Minuten\n", // LessThanMinutes
    "{low}–{high} Minuten\n",                           // RangeMinutes
    "one={n} Minute|{n} Minuten\n",                     // Minutes
    "one={n} Sekunde|{n} Sekunden\n",                   // Seconds
    "{minutes} und {seconds}\n",                        // PreciseJoin
    "one=mehr als eine Stunde|mehr als {n} Stunden\n",  // MoreThanHours
    "one=mehr als {n} Minute|mehr als {n} Minuten\n",   // MoreThanMinutes
    "Wird aktualisiert…\n",                             // Stale
    "Gleich ist jemand aus unserem Team für Sie da\n",  // Connecting
    "Sie werden verbunden…\n",                          // ConnectingFlow
    "Sie sind nicht mehr in der Warteschlange\n",       // Ended
    "Ihr Platz in der Warteschlange kann gerade nicht angezeigt werden\n", // ErrorTitle
    "Sie sind weiterhin in der Warteschlange. Diese Seite kann Ihren Platz nicht mehr abrufen.\n", // ErrorNotAllowed
    "Ihre Anfrage wurde in der Warteschlange nicht gefunden.\n", // ErrorNotFound
    "Sie sind weiterhin in der Warteschlange. Diese Seite ist nicht richtig eingerichtet.\n", // ErrorBadRequest
    "Sie möchten nicht warten? Wir rufen Sie gern zurück.\n", // CallbackPrompt
    "Rückruf anfordern\n",                                    // CallbackAction
    "Sie suchen eine schnelle Antwort?\n",                    // SelfServicePrompt
    "Zum Hilfe-Center\n",                                     // SelfServiceAction
    "Ihre Telefonnummer\n",                                   // CallbackNumberLabel
    "Zurückrufen\n",                                          // CallbackConfirm
    "Zurück\n",                                               // CallbackCancel
    "Geben Sie eine Nummer ein, die wir anrufen können, im Ausland mit + und Ländervorwahl.\n", // CallbackErrorInvalid
    "Nummern in diesem Land können wir nicht anrufen.\n", // CallbackErrorCountry
    "Ihr Rückruf konnte nicht angefordert werden. Bitte versuchen Sie es erneut.\n", // CallbackErrorFailed
    "Sie warten nicht mehr in der Warteschlange, daher können wir Sie nicht zurückrufen.\n", // CallbackErrorGone
    "Wir rufen Sie unter {number} zurück – noch {wait}\n", // CallbackScheduled
    "Wir rufen Sie gleich unter {number} zurück\n",        // CallbackSoon
    "Wir rufen Sie jetzt unter {number} an\n",             // CallbackCalling
    "Ihr Rückruf ist abgeschlossen. Vielen Dank.\n",       // CallbackDone
    "Wir konnten Sie nicht erreichen. Bitte kontaktieren Sie uns erneut.\n", // CallbackFailed
    "({n}.) {title}\n",                                    // TitlePosition
    "Benachrichtigen, wenn ich an der Reihe bin\n",        // NotifyAction
);

const PT: &str = concat!(
    "Verificando sua posição na fila…\n",                 // Loading
    "Sua posição na fila: {n}\n",                         // Position
    "Você é a próxima pessoa da fila\n",                  // Next
    "Espera estimada: {wait}\n",                          // WaitLabel
    "menos de um minuto\n",                               // LessThanAMinute
    "one=cerca de {n} minuto|cerca de {n} minutos\n",     // AboutMinutes
    "one=menos de {n} minuto|menos de {n} minutos\n",     // LessThanMinutes
    "{low} a {high} minutos\n",                           // RangeMinutes
    "one={n} minuto|{n} minutos\n",                       // Minutes
    "one={n} segundo|{n} segundos\n",                     // Seconds
    "{minutes} e {seconds}\n",                            // PreciseJoin
    "one=mais de uma hora|mais de {n} horas\n",           // MoreThanHours
    "one=mais de {n} minuto|mais de {n} minutos\n",       // MoreThanMinutes
    "Atualizando…\n",                                     // Stale
    "Um atendente falará com você em instantes\n",        // Connecting
    "Conectando você…\n",                                 // ConnectingFlow
    "Você não está mais na fila\n",                       // Ended
    "Não é possível mostrar sua posição na fila agora\n", // ErrorTitle
    "Você continua na fila. Esta página não consegue mais verificar sua posição.\n", // ErrorNotAllowed
    "Não encontramos sua solicitação na fila.\n", // ErrorNotFound
    "Você continua na fila. Esta página não está configurada corretamente.\n", // ErrorBadRequest
    "Prefere não esperar? Podemos ligar para você.\n", // CallbackPrompt
    "Pedir que liguem para mim\n",                // CallbackAction
    "Procurando uma resposta rápida?\n",          // SelfServicePrompt
    "Acessar a central de ajuda\n",               // SelfServiceAction
    "Seu número de telefone\n",                   // CallbackNumberLabel
    "Liguem para mim\n",                          // CallbackConfirm
    "Voltar\n",                                   // CallbackCancel
    "Digite um número para o qual possamos ligar, com + e o código do país se for do exterior.\n", // CallbackErrorInvalid
    "Não ligamos para números deste país.\n", // CallbackErrorCountry
    "Não foi possível pedir a ligação. Tente novamente.\n", // CallbackErrorFailed
    "Você não está mais na fila, então não podemos ligar para você.\n", // CallbackErrorGone
    "Vamos ligar para {number} em {wait}\n",  // CallbackScheduled
    "Vamos ligar para {number} em instantes\n", // CallbackSoon
    "Estamos ligando para {number} agora\n",  // CallbackCalling
    "Sua ligação foi concluída. Obrigado.\n", // CallbackDone
    "Não conseguimos falar com você. Entre em contato novamente.\n", // CallbackFailed
    "({n}º) {title}\n",                       // TitlePosition
    "Avisar-me quando for a minha vez\n",     // NotifyAction
);

const JA: &str = concat!(
    "順番を確認しています…\n",          // Loading
    "あなたの順番：{n}番目\n",          // Position
    "次にご案内します\n",               // Next
    "予想待ち時間：{wait}\n",           // WaitLabel
    "1分未満\n",                        // LessThanAMinute
    "約{n}分\n",                        // AboutMinutes
    "{n}分未満\n",                      // LessThanMinutes
    "{low}～{high}分\n",                // RangeMinutes
    "{n}分\n",                          // Minutes
    "{n}秒\n",                          // Seconds
    "{minutes}{seconds}\n",             // PreciseJoin
    "{n}時間以上\n",                    // MoreThanHours
    "{n}分以上\n",                      // MoreThanMinutes
    "更新中…\n",                        // Stale
    "まもなく担当者におつなぎします\n", // Connecting
    "おつなぎしています…\n",            // ConnectingFlow
    "順番待ちは終了しました\n",         // Ended
    "現在、順番を表示できません\n",     // ErrorTitle
    "順番待ちは継続しています。このページでは順番を確認できなくなりました。\n", // ErrorNotAllowed
    "お問い合わせが順番待ちの中に見つかりませんでした。\n", // ErrorNotFound
    "順番待ちは継続しています。このページの設定に問題があります。\n", // ErrorBadRequest
    "お待ちいただく代わりに、折り返しお電話することもできます。\n", // CallbackPrompt
    "折り返し電話を依頼する\n",         // CallbackAction
    "すぐに答えをお探しですか？\n",     // SelfServicePrompt
    "ヘルプセンターを見る\n",           // SelfServiceAction
    "電話番号\n",                       // CallbackNumberLabel
    "電話を依頼する\n",                 // CallbackConfirm
    "戻る\n",                           // CallbackCancel
    "おかけできる電話番号を入力してください（海外の番号は＋と国番号から）。\n", // CallbackErrorInvalid
    "この国の電話番号にはおかけできません。\n", // CallbackErrorCountry
    "折り返し電話を依頼できませんでした。もう一度お試しください。\n", // CallbackErrorFailed
    "順番待ちが終了しているため、折り返しお電話できません。\n", // CallbackErrorGone
    "{number}へお電話します（あと{wait}）\n",   // CallbackScheduled
    "まもなく{number}へお電話します\n",         // CallbackSoon
    "ただいま{number}へお電話しています\n",     // CallbackCalling
    "折り返し電話が完了しました。ありがとうございました。\n", // CallbackDone
    "お電話がつながりませんでした。もう一度お問い合わせください。\n", // CallbackFailed
    "（{n}番目）{title}\n",                     // TitlePosition
    "次の順番になったら通知する\n",             // NotifyAction
);

const AR: &str = concat!(
    "جارٍ التحقق من دورك في قائمة الانتظار…\n", // Loading
    "ترتيبك في قائمة الانتظار: {n}\n",         // Position
    "دورك هو التالي\n",                       // Next
    "وقت الانتظار المتوقع: {wait}\n",          // WaitLabel
    "أقل من دقيقة\n",                         // LessThanAMinute
    "zero=حوالي {n} دقيقة|one=حوالي دقيقة واحدة|two=حوالي دقيقتين|few=حوالي {n} دقائق|many=حوالي {n} دقيقة|حوالي {n} دقيقة\n", // AboutMinutes
    "one=أقل من دقيقة واحدة|two=أقل من دقيقتين|few=أقل من {n} دقائق|أقل من {n} دقيقة\n", // LessThanMinutes
    "few=من {low} إلى {high} دقائق|من {low} إلى {high} دقيقة\n", // RangeMinutes
    "one=دقيقة واحدة|two=دقيقتان|few={n} دقائق|{n} دقيقة\n",     // Minutes
    "one=ثانية واحدة|two=ثانيتان|few={n} ثوانٍ|{n} ثانية\n",      // Seconds
    "{minutes} و{seconds}\n",                                    // PreciseJoin
    "one=أكثر من ساعة|two=أكثر من ساعتين|few=أكثر من {n} ساعات|أكثر من {n} ساعة\n", // MoreThanHours
    "one=أكثر من دقيقة|two=أكثر من دقيقتين|few=أكثر من {n} دقائق|أكثر من {n} دقيقة\n", // MoreThanMinutes
    "جارٍ التحديث…\n",                                                                  // Stale
    "سيتواصل معك أحد الموظفين قريبًا\n",                                                // Connecting
    "جارٍ توصيلك…\n",                            // ConnectingFlow
    "لم تعد في قائمة الانتظار\n",                // Ended
    "لا يمكننا عرض دورك في قائمة الانتظار الآن\n", // ErrorTitle
    "ما زلت في قائمة الانتظار. لم يعد بإمكان هذه الصفحة التحقق من دورك.\n", // ErrorNotAllowed
    "لم نعثر على طلبك في قائمة الانتظار.\n",     // ErrorNotFound
    "ما زلت في قائمة الانتظار. هذه الصفحة غير مُعدّة بشكل صحيح.\n", // ErrorBadRequest
    "لا تريد الانتظار؟ يمكننا الاتصال بك.\n",      // CallbackPrompt
    "طلب معاودة الاتصال\n",                      // CallbackAction
    "هل تبحث عن إجابة سريعة؟\n",                // SelfServicePrompt
    "زيارة مركز المساعدة\n",                    // SelfServiceAction
    "رقم هاتفك\n",                              // CallbackNumberLabel
    "اتصلوا بي\n",                              // CallbackConfirm
    "رجوع\n",                                   // CallbackCancel
    "أدخل رقمًا يمكننا الاتصال به، مع + ورمز الدولة إن كان خارج البلد.\n", // CallbackErrorInvalid
    "لا يمكننا الاتصال بأرقام في هذا البلد.\n",   // CallbackErrorCountry
    "تعذّر طلب معاودة الاتصال. يُرجى المحاولة مرة أخرى.\n", // CallbackErrorFailed
    "لم تعد في قائمة الانتظار، لذا لا يمكننا معاودة الاتصال بك.\n", // CallbackErrorGone
    "سنتصل بك على {number} بعد {wait}\n",       // CallbackScheduled
    "سنتصل بك على {number} قريبًا\n",            // CallbackSoon
    "نتصل بك الآن على {number}\n",               // CallbackCalling
    "اكتملت معاودة الاتصال. شكرًا لك.\n",         // CallbackDone
    "تعذّر الوصول إليك. يُرجى التواصل معنا مرة أخرى.\n", // CallbackFailed
    "(ترتيبك {n}) {title}\n",                   // TitlePosition
    "أبلغني عندما يحين دوري\n",                 // NotifyAction
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_table_is_a_valid_pack_and_damage_is_refused() {
        for locale in Locale::ALL {
            assert!(valid(builtin(locale)), "{locale:?}");
        }
        let french = builtin(Locale::Fr);
        assert!(!valid(&french[..french.len() / 2]), "truncated");
        assert!(!valid(&french.replacen("\n", "\n\n", 1)), "an empty line");
        assert!(!valid(""));
        // A line with plural forms but no bare `other` form would leave some counts wordless.
        let no_other = french.replacen("one={n} minute|{n} minutes", "one={n} minute", 1);
        assert_ne!(no_other, french);
        assert!(!valid(&no_other), "a line without its other form");
    }

    #[test]
    fn keys_are_their_place_in_the_table() {
        for (at, key) in Key::ALL.into_iter().enumerate() {
            assert_eq!(key as usize, at, "{key:?}");
        }
    }

    #[test]
    fn every_table_has_a_line_for_every_key_and_nothing_more() {
        for locale in Locale::ALL {
            assert_eq!(
                builtin(locale).split_terminator('\n').count(),
                Key::ALL.len(),
                "{locale:?}"
            );
        }
    }

    /// The short form a hidden page's title starts with: every language's every form keeps
    /// the position and the page's own title.
    #[test]
    fn every_title_form_has_the_position_and_the_page_title() {
        for locale in Locale::ALL {
            for (category, form) in messages(builtin(locale), Key::TitlePosition) {
                assert!(
                    form.contains("{n}") && form.contains("{title}"),
                    "{locale:?} {category:?}: {form}"
                );
            }
        }
    }

    #[test]
    fn forms_read_back_with_their_categories() {
        let forms: Vec<_> = messages(ENGLISH, Key::Position).collect();
        assert_eq!(
            forms,
            [
                (PluralCategory::One, "You're {n}st in line"),
                (PluralCategory::Two, "You're {n}nd in line"),
                (PluralCategory::Few, "You're {n}rd in line"),
                (PluralCategory::Other, "You're {n}th in line"),
            ]
        );
        assert_eq!(
            messages(ENGLISH, Key::WaitLabel).collect::<Vec<_>>(),
            [(PluralCategory::Other, "Estimated wait: {wait}")]
        );
    }
}
