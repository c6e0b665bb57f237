//! The built-in messages. Forms are listed by CLDR plural category; `Other` is always present.
//! Wording avoids grammatical gender where the language would otherwise force a guess.

use super::catalog::Key;
use super::{Locale, PluralCategory};
use PluralCategory::{Few, Many, One, Other, Two, Zero};

type Forms = &'static [(PluralCategory, &'static str)];

pub fn messages(locale: Locale, key: Key) -> Forms {
    match locale {
        Locale::En => en(key),
        Locale::Es => es(key),
        Locale::Fr => fr(key),
        Locale::De => de(key),
        Locale::Pt => pt(key),
        Locale::Ja => ja(key),
        Locale::Ar => ar(key),
    }
}

fn en(key: Key) -> Forms {
    match key {
        Key::Loading => &[(Other, "Checking your place in the queue…")],
        Key::Position => &[
            (One, "You're {n}st in line"),
            (Two, "You're {n}nd in line"),
            (Few, "You're {n}rd in line"),
            (Other, "You're {n}th in line"),
        ],
        Key::Next => &[(Other, "You're next")],
        Key::WaitLabel => &[(Other, "Estimated wait: {wait}")],
        Key::LessThanAMinute => &[(Other, "less than a minute")],
        Key::AboutMinutes => &[(One, "about {n} minute"), (Other, "about {n} minutes")],
        Key::LessThanMinutes => &[
            (One, "less than {n} minute"),
            (Other, "less than {n} minutes"),
        ],
        Key::RangeMinutes => &[(Other, "{low}–{high} minutes")],
        Key::Minutes => &[(One, "{n} minute"), (Other, "{n} minutes")],
        Key::Seconds => &[(One, "{n} second"), (Other, "{n} seconds")],
        Key::PreciseJoin => &[(Other, "{minutes} {seconds}")],
        Key::MoreThanHours => &[(One, "more than an hour"), (Other, "more than {n} hours")],
        Key::MoreThanMinutes => &[
            (One, "more than {n} minute"),
            (Other, "more than {n} minutes"),
        ],
        Key::Stale => &[(Other, "Updating…")],
        Key::Connecting => &[(Other, "An agent will be with you shortly")],
        Key::ErrorTitle => &[(Other, "We can't show your place in the queue right now")],
        Key::ErrorNotAllowed => &[(
            Other,
            "You're still in the queue. This page can no longer check your place.",
        )],
        Key::ErrorNotFound => &[(Other, "We couldn't find your request in the queue.")],
        Key::ErrorBadRequest => &[(
            Other,
            "You're still in the queue. This page isn't set up correctly.",
        )],
        Key::CallbackPrompt => &[(Other, "Prefer not to wait? We can call you back.")],
        Key::CallbackAction => &[(Other, "Request a callback")],
        Key::SelfServicePrompt => &[(Other, "Looking for a quick answer?")],
        Key::SelfServiceAction => &[(Other, "Visit the help center")],
    }
}

fn es(key: Key) -> Forms {
    match key {
        Key::Loading => &[(Other, "Comprobando su lugar en la cola…")],
        Key::Position => &[(Other, "Su lugar en la cola: {n}")],
        Key::Next => &[(Other, "Es la próxima persona en la cola")],
        Key::WaitLabel => &[(Other, "Espera estimada: {wait}")],
        Key::LessThanAMinute => &[(Other, "menos de un minuto")],
        Key::AboutMinutes => &[
            (One, "aproximadamente {n} minuto"),
            (Other, "aproximadamente {n} minutos"),
        ],
        Key::LessThanMinutes => &[
            (One, "menos de {n} minuto"),
            (Other, "menos de {n} minutos"),
        ],
        Key::RangeMinutes => &[(Other, "{low}–{high} minutos")],
        Key::Minutes => &[(One, "{n} minuto"), (Other, "{n} minutos")],
        Key::Seconds => &[(One, "{n} segundo"), (Other, "{n} segundos")],
        Key::PreciseJoin => &[(Other, "{minutes} y {seconds}")],
        Key::MoreThanHours => &[(One, "más de una hora"), (Other, "más de {n} horas")],
        Key::MoreThanMinutes => &[(One, "más de {n} minuto"), (Other, "más de {n} minutos")],
        Key::Stale => &[(Other, "Actualizando…")],
        Key::Connecting => &[(Other, "Un agente le atenderá en breve")],
        Key::ErrorTitle => &[(
            Other,
            "No podemos mostrar su lugar en la cola en este momento",
        )],
        Key::ErrorNotAllowed => &[(
            Other,
            "Sigue en la cola. Esta página ya no puede consultar su lugar.",
        )],
        Key::ErrorNotFound => &[(Other, "No hemos encontrado su solicitud en la cola.")],
        Key::ErrorBadRequest => &[(
            Other,
            "Sigue en la cola. Esta página no está bien configurada.",
        )],
        Key::CallbackPrompt => &[(Other, "¿Prefiere no esperar? Podemos llamarle.")],
        Key::CallbackAction => &[(Other, "Solicitar una llamada")],
        Key::SelfServicePrompt => &[(Other, "¿Busca una respuesta rápida?")],
        Key::SelfServiceAction => &[(Other, "Visitar el centro de ayuda")],
    }
}

// French puts a narrow no-break space (U+202F) before `?`, `:` and `!`.
fn fr(key: Key) -> Forms {
    match key {
        Key::Loading => &[(Other, "Vérification de votre place dans la file…")],
        Key::Position => &[(Other, "Votre place dans la file\u{202f}: {n}")],
        Key::Next => &[(Other, "Vous êtes la prochaine personne dans la file")],
        Key::WaitLabel => &[(Other, "Attente estimée\u{202f}: {wait}")],
        Key::LessThanAMinute => &[(Other, "moins d’une minute")],
        Key::AboutMinutes => &[(One, "environ {n} minute"), (Other, "environ {n} minutes")],
        Key::LessThanMinutes => &[
            (One, "moins de {n} minute"),
            (Other, "moins de {n} minutes"),
        ],
        Key::RangeMinutes => &[(Other, "{low} à {high} minutes")],
        Key::Minutes => &[(One, "{n} minute"), (Other, "{n} minutes")],
        Key::Seconds => &[(One, "{n} seconde"), (Other, "{n} secondes")],
        Key::PreciseJoin => &[(Other, "{minutes} et {seconds}")],
        Key::MoreThanHours => &[(One, "plus d’une heure"), (Other, "plus de {n} heures")],
        Key::MoreThanMinutes => &[(One, "plus de {n} minute"), (Other, "plus de {n} minutes")],
        Key::Stale => &[(Other, "Mise à jour…")],
        Key::Connecting => &[(Other, "Un conseiller va vous répondre dans un instant")],
        Key::ErrorTitle => &[(
            Other,
            "Impossible d’afficher votre place dans la file pour le moment",
        )],
        Key::ErrorNotAllowed => &[(
            Other,
            "Vous êtes toujours dans la file. Cette page ne peut plus vérifier votre place.",
        )],
        Key::ErrorNotFound => &[(Other, "Nous n’avons pas trouvé votre demande dans la file.")],
        Key::ErrorBadRequest => &[(
            Other,
            "Vous êtes toujours dans la file. Cette page n’est pas configurée correctement.",
        )],
        Key::CallbackPrompt => &[(
            Other,
            "Vous préférez ne pas attendre\u{202f}? Nous pouvons vous rappeler.",
        )],
        Key::CallbackAction => &[(Other, "Demander un rappel")],
        Key::SelfServicePrompt => &[(Other, "Vous cherchez une réponse rapide\u{202f}?")],
        Key::SelfServiceAction => &[(Other, "Consulter le centre d’aide")],
    }
}

fn de(key: Key) -> Forms {
    match key {
        Key::Loading => &[(Other, "Ihr Platz in der Warteschlange wird abgerufen…")],
        Key::Position => &[(Other, "Sie sind an {n}. Stelle in der Warteschlange")],
        Key::Next => &[(Other, "Sie sind als Nächstes an der Reihe")],
        Key::WaitLabel => &[(Other, "Geschätzte Wartezeit: {wait}")],
        Key::LessThanAMinute => &[(Other, "weniger als eine Minute")],
        Key::AboutMinutes => &[(One, "etwa {n} Minute"), (Other, "etwa {n} Minuten")],
        Key::LessThanMinutes => &[
            (One, "weniger als {n} Minute"),
            (Other, "weniger als {n} Minuten"),
        ],
        Key::RangeMinutes => &[(Other, "{low}–{high} Minuten")],
        Key::Minutes => &[(One, "{n} Minute"), (Other, "{n} Minuten")],
        Key::Seconds => &[(One, "{n} Sekunde"), (Other, "{n} Sekunden")],
        Key::PreciseJoin => &[(Other, "{minutes} und {seconds}")],
        Key::MoreThanHours => &[
            (One, "mehr als eine Stunde"),
            (Other, "mehr als {n} Stunden"),
        ],
        Key::MoreThanMinutes => &[
            (One, "mehr als {n} Minute"),
            (Other, "mehr als {n} Minuten"),
        ],
        Key::Stale => &[(Other, "Wird aktualisiert…")],
        Key::Connecting => &[(Other, "Gleich ist jemand aus unserem Team für Sie da")],
        Key::ErrorTitle => &[(
            Other,
            "Ihr Platz in der Warteschlange kann gerade nicht angezeigt werden",
        )],
        Key::ErrorNotAllowed => &[(
            Other,
            "Sie sind weiterhin in der Warteschlange. Diese Seite kann Ihren Platz nicht mehr abrufen.",
        )],
        Key::ErrorNotFound => &[(
            Other,
            "Ihre Anfrage wurde in der Warteschlange nicht gefunden.",
        )],
        Key::ErrorBadRequest => &[(
            Other,
            "Sie sind weiterhin in der Warteschlange. Diese Seite ist nicht richtig eingerichtet.",
        )],
        Key::CallbackPrompt => &[(
            Other,
            "Sie möchten nicht warten? Wir rufen Sie gern zurück.",
        )],
        Key::CallbackAction => &[(Other, "Rückruf anfordern")],
        Key::SelfServicePrompt => &[(Other, "Sie suchen eine schnelle Antwort?")],
        Key::SelfServiceAction => &[(Other, "Zum Hilfe-Center")],
    }
}

fn pt(key: Key) -> Forms {
    match key {
        Key::Loading => &[(Other, "Verificando sua posição na fila…")],
        Key::Position => &[(Other, "Sua posição na fila: {n}")],
        Key::Next => &[(Other, "Você é a próxima pessoa da fila")],
        Key::WaitLabel => &[(Other, "Espera estimada: {wait}")],
        Key::LessThanAMinute => &[(Other, "menos de um minuto")],
        Key::AboutMinutes => &[
            (One, "cerca de {n} minuto"),
            (Other, "cerca de {n} minutos"),
        ],
        Key::LessThanMinutes => &[
            (One, "menos de {n} minuto"),
            (Other, "menos de {n} minutos"),
        ],
        Key::RangeMinutes => &[(Other, "{low} a {high} minutos")],
        Key::Minutes => &[(One, "{n} minuto"), (Other, "{n} minutos")],
        Key::Seconds => &[(One, "{n} segundo"), (Other, "{n} segundos")],
        Key::PreciseJoin => &[(Other, "{minutes} e {seconds}")],
        Key::MoreThanHours => &[(One, "mais de uma hora"), (Other, "mais de {n} horas")],
        Key::MoreThanMinutes => &[(One, "mais de {n} minuto"), (Other, "mais de {n} minutos")],
        Key::Stale => &[(Other, "Atualizando…")],
        Key::Connecting => &[(Other, "Um atendente falará com você em instantes")],
        Key::ErrorTitle => &[(Other, "Não é possível mostrar sua posição na fila agora")],
        Key::ErrorNotAllowed => &[(
            Other,
            "Você continua na fila. Esta página não consegue mais verificar sua posição.",
        )],
        Key::ErrorNotFound => &[(Other, "Não encontramos sua solicitação na fila.")],
        Key::ErrorBadRequest => &[(
            Other,
            "Você continua na fila. Esta página não está configurada corretamente.",
        )],
        Key::CallbackPrompt => &[(Other, "Prefere não esperar? Podemos ligar para você.")],
        Key::CallbackAction => &[(Other, "Pedir que liguem para mim")],
        Key::SelfServicePrompt => &[(Other, "Procurando uma resposta rápida?")],
        Key::SelfServiceAction => &[(Other, "Acessar a central de ajuda")],
    }
}

fn ja(key: Key) -> Forms {
    match key {
        Key::Loading => &[(Other, "順番を確認しています…")],
        Key::Position => &[(Other, "あなたの順番：{n}番目")],
        Key::Next => &[(Other, "次にご案内します")],
        Key::WaitLabel => &[(Other, "予想待ち時間：{wait}")],
        Key::LessThanAMinute => &[(Other, "1分未満")],
        Key::AboutMinutes => &[(Other, "約{n}分")],
        Key::LessThanMinutes => &[(Other, "{n}分未満")],
        Key::RangeMinutes => &[(Other, "{low}～{high}分")],
        Key::Minutes => &[(Other, "{n}分")],
        Key::Seconds => &[(Other, "{n}秒")],
        Key::PreciseJoin => &[(Other, "{minutes}{seconds}")],
        Key::MoreThanHours => &[(Other, "{n}時間以上")],
        Key::MoreThanMinutes => &[(Other, "{n}分以上")],
        Key::Stale => &[(Other, "更新中…")],
        Key::Connecting => &[(Other, "まもなく担当者におつなぎします")],
        Key::ErrorTitle => &[(Other, "現在、順番を表示できません")],
        Key::ErrorNotAllowed => &[(
            Other,
            "順番待ちは継続しています。このページでは順番を確認できなくなりました。",
        )],
        Key::ErrorNotFound => &[(Other, "お問い合わせが順番待ちの中に見つかりませんでした。")],
        Key::ErrorBadRequest => &[(
            Other,
            "順番待ちは継続しています。このページの設定に問題があります。",
        )],
        Key::CallbackPrompt => &[(
            Other,
            "お待ちいただく代わりに、折り返しお電話することもできます。",
        )],
        Key::CallbackAction => &[(Other, "折り返し電話を依頼する")],
        Key::SelfServicePrompt => &[(Other, "すぐに答えをお探しですか？")],
        Key::SelfServiceAction => &[(Other, "ヘルプセンターを見る")],
    }
}

// Arabic has six plural categories; nouns after 3-10 take the plural, after 11-99 the singular
// accusative, and one and two have their own forms.
fn ar(key: Key) -> Forms {
    match key {
        Key::Loading => &[(Other, "جارٍ التحقق من دورك في قائمة الانتظار…")],
        Key::Position => &[(Other, "ترتيبك في قائمة الانتظار: {n}")],
        Key::Next => &[(Other, "دورك هو التالي")],
        Key::WaitLabel => &[(Other, "وقت الانتظار المتوقع: {wait}")],
        Key::LessThanAMinute => &[(Other, "أقل من دقيقة")],
        Key::AboutMinutes => &[
            (Zero, "حوالي {n} دقيقة"),
            (One, "حوالي دقيقة واحدة"),
            (Two, "حوالي دقيقتين"),
            (Few, "حوالي {n} دقائق"),
            (Many, "حوالي {n} دقيقة"),
            (Other, "حوالي {n} دقيقة"),
        ],
        Key::LessThanMinutes => &[
            (One, "أقل من دقيقة واحدة"),
            (Two, "أقل من دقيقتين"),
            (Few, "أقل من {n} دقائق"),
            (Other, "أقل من {n} دقيقة"),
        ],
        Key::RangeMinutes => &[
            (Few, "من {low} إلى {high} دقائق"),
            (Other, "من {low} إلى {high} دقيقة"),
        ],
        Key::Minutes => &[
            (One, "دقيقة واحدة"),
            (Two, "دقيقتان"),
            (Few, "{n} دقائق"),
            (Other, "{n} دقيقة"),
        ],
        Key::Seconds => &[
            (One, "ثانية واحدة"),
            (Two, "ثانيتان"),
            (Few, "{n} ثوانٍ"),
            (Other, "{n} ثانية"),
        ],
        Key::PreciseJoin => &[(Other, "{minutes} و{seconds}")],
        Key::MoreThanHours => &[
            (One, "أكثر من ساعة"),
            (Two, "أكثر من ساعتين"),
            (Few, "أكثر من {n} ساعات"),
            (Other, "أكثر من {n} ساعة"),
        ],
        Key::MoreThanMinutes => &[
            (One, "أكثر من دقيقة"),
            (Two, "أكثر من دقيقتين"),
            (Few, "أكثر من {n} دقائق"),
            (Other, "أكثر من {n} دقيقة"),
        ],
        Key::Stale => &[(Other, "جارٍ التحديث…")],
        Key::Connecting => &[(Other, "سيتواصل معك أحد الموظفين قريبًا")],
        Key::ErrorTitle => &[(Other, "لا يمكننا عرض دورك في قائمة الانتظار الآن")],
        Key::ErrorNotAllowed => &[(
            Other,
            "ما زلت في قائمة الانتظار. لم يعد بإمكان هذه الصفحة التحقق من دورك.",
        )],
        Key::ErrorNotFound => &[(Other, "لم نعثر على طلبك في قائمة الانتظار.")],
        Key::ErrorBadRequest => &[(
            Other,
            "ما زلت في قائمة الانتظار. هذه الصفحة غير مُعدّة بشكل صحيح.",
        )],
        Key::CallbackPrompt => &[(Other, "لا تريد الانتظار؟ يمكننا الاتصال بك.")],
        Key::CallbackAction => &[(Other, "طلب معاودة الاتصال")],
        Key::SelfServicePrompt => &[(Other, "هل تبحث عن إجابة سريعة؟")],
        Key::SelfServiceAction => &[(Other, "زيارة مركز المساعدة")],
    }
}
