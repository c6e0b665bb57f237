//! Every message the widget shows, keyed: its key, its name in the `messages` property, the
//! placeholders it takes, and its text in each built-in language. The one place to add, change
//! or translate a message; `define_messages!` makes the `Key` enum and the languages' tables
//! from it, and `npm run build` the language packs, the TypeScript `MessageKey` and the
//! README's table.
//!
//! Forms by plural category are separated by `|`, each written `category=text` except the
//! general (`other`) form, which is bare and always there. Wording avoids grammatical gender
//! where the language would otherwise force a guess.

use super::define_messages::define_messages;

define_messages! {
    /// Shown until the first answer.
    Loading "loading" () {
        en: "Checking your place in the queue…",
        es: "Comprobando su lugar en la cola…",
        fr: "Vérification de votre place dans la file…",
        de: "Ihr Platz in der Warteschlange wird abgerufen…",
        pt: "Verificando sua posição na fila…",
        ja: "順番を確認しています…",
        ar: "جارٍ التحقق من دورك في قائمة الانتظار…",
    }
    /// Forms by the position's ordinal category ("4th").
    Position "position" ("n") {
        en: "one=You're {n}st in line|two=You're {n}nd in line|few=You're {n}rd in line|You're {n}th in line",
        es: "Su lugar en la cola: {n}",
        fr: "Votre place dans la file\u{202f}: {n}",
        de: "Sie sind an {n}. Stelle in der Warteschlange",
        pt: "Sua posição na fila: {n}",
        ja: "あなたの順番：{n}番目",
        ar: "ترتيبك في قائمة الانتظار: {n}",
    }
    /// Position 1.
    Next "next" () {
        en: "You're next",
        es: "Es la próxima persona en la cola",
        fr: "Vous êtes la prochaine personne dans la file",
        de: "Sie sind als Nächstes an der Reihe",
        pt: "Você é a próxima pessoa da fila",
        ja: "次にご案内します",
        ar: "دورك هو التالي",
    }
    /// `{wait}` is one of the wait phrases below.
    WaitLabel "waitLabel" ("wait") {
        en: "Estimated wait: {wait}",
        es: "Espera estimada: {wait}",
        fr: "Attente estimée\u{202f}: {wait}",
        de: "Geschätzte Wartezeit: {wait}",
        pt: "Espera estimada: {wait}",
        ja: "予想待ち時間：{wait}",
        ar: "وقت الانتظار المتوقع: {wait}",
    }
    /// A wait under a minute.
    LessThanAMinute "lessThanAMinute" () {
        en: "less than a minute",
        es: "menos de un minuto",
        fr: "moins d’une minute",
        de: "weniger als eine Minute",
        pt: "menos de um minuto",
        ja: "1分未満",
        ar: "أقل من دقيقة",
    }
    /// Forms by `{n}`'s cardinal category, as every `{n}` in minutes, seconds and hours.
    AboutMinutes "aboutMinutes" ("n") {
        en: "one=about {n} minute|about {n} minutes",
        es: "one=aproximadamente {n} minuto|aproximadamente {n} minutos",
        fr: "one=environ {n} minute|environ {n} minutes",
        de: "one=etwa {n} Minute|etwa {n} Minuten",
        pt: "one=cerca de {n} minuto|cerca de {n} minutos",
        ja: "約{n}分",
        ar: "zero=حوالي {n} دقيقة|one=حوالي دقيقة واحدة|two=حوالي دقيقتين|few=حوالي {n} دقائق|many=حوالي {n} دقيقة|حوالي {n} دقيقة",
    }
    /// `ewt-style` `less-than`.
    LessThanMinutes "lessThanMinutes" ("n") {
        en: "one=less than {n} minute|less than {n} minutes",
        es: "one=menos de {n} minuto|menos de {n} minutos",
        fr: "one=moins de {n} minute|moins de {n} minutes",
        de: "one=weniger als {n} Minute|weniger als {n} Minuten",
        pt: "one=menos de {n} minuto|menos de {n} minutos",
        ja: "{n}分未満",
        ar: "one=أقل من دقيقة واحدة|two=أقل من دقيقتين|few=أقل من {n} دقائق|أقل من {n} دقيقة",
    }
    /// `ewt-style` `range`; forms by `{high}`'s cardinal category.
    RangeMinutes "rangeMinutes" ("low", "high") {
        en: "{low}–{high} minutes",
        es: "{low}–{high} minutos",
        fr: "{low} à {high} minutes",
        de: "{low}–{high} Minuten",
        pt: "{low} a {high} minutos",
        ja: "{low}～{high}分",
        ar: "few=من {low} إلى {high} دقائق|من {low} إلى {high} دقيقة",
    }
    /// `ewt-style` `precise`, with `seconds`, joined by `preciseJoin`.
    Minutes "minutes" ("n") {
        en: "one={n} minute|{n} minutes",
        es: "one={n} minuto|{n} minutos",
        fr: "one={n} minute|{n} minutes",
        de: "one={n} Minute|{n} Minuten",
        pt: "one={n} minuto|{n} minutos",
        ja: "{n}分",
        ar: "one=دقيقة واحدة|two=دقيقتان|few={n} دقائق|{n} دقيقة",
    }
    Seconds "seconds" ("n") {
        en: "one={n} second|{n} seconds",
        es: "one={n} segundo|{n} segundos",
        fr: "one={n} seconde|{n} secondes",
        de: "one={n} Sekunde|{n} Sekunden",
        pt: "one={n} segundo|{n} segundos",
        ja: "{n}秒",
        ar: "one=ثانية واحدة|two=ثانيتان|few={n} ثوانٍ|{n} ثانية",
    }
    PreciseJoin "preciseJoin" ("minutes", "seconds") {
        en: "{minutes} {seconds}",
        es: "{minutes} y {seconds}",
        fr: "{minutes} et {seconds}",
        de: "{minutes} und {seconds}",
        pt: "{minutes} e {seconds}",
        ja: "{minutes}{seconds}",
        ar: "{minutes} و{seconds}",
    }
    /// Beyond `max-wait-seconds`, when it is whole hours.
    MoreThanHours "moreThanHours" ("n") {
        en: "one=more than an hour|more than {n} hours",
        es: "one=más de una hora|más de {n} horas",
        fr: "one=plus d’une heure|plus de {n} heures",
        de: "one=mehr als eine Stunde|mehr als {n} Stunden",
        pt: "one=mais de uma hora|mais de {n} horas",
        ja: "{n}時間以上",
        ar: "one=أكثر من ساعة|two=أكثر من ساعتين|few=أكثر من {n} ساعات|أكثر من {n} ساعة",
    }
    /// Beyond `max-wait-seconds`, otherwise.
    MoreThanMinutes "moreThanMinutes" ("n") {
        en: "one=more than {n} minute|more than {n} minutes",
        es: "one=más de {n} minuto|más de {n} minutos",
        fr: "one=plus de {n} minute|plus de {n} minutes",
        de: "one=mehr als {n} Minute|mehr als {n} Minuten",
        pt: "one=mais de {n} minuto|mais de {n} minutos",
        ja: "{n}分以上",
        ar: "one=أكثر من دقيقة|two=أكثر من دقيقتين|few=أكثر من {n} دقائق|أكثر من {n} دقيقة",
    }
    /// A refresh failed; the last figures stay.
    Stale "stale" () {
        en: "Updating…",
        es: "Actualizando…",
        fr: "Mise à jour…",
        de: "Wird aktualisiert…",
        pt: "Atualizando…",
        ja: "更新中…",
        ar: "جارٍ التحديث…",
    }
    /// Left the queue for an agent.
    Connecting "connecting" () {
        en: "An agent will be with you shortly",
        es: "Un agente le atenderá en breve",
        fr: "Un conseiller va vous répondre dans un instant",
        de: "Gleich ist jemand aus unserem Team für Sie da",
        pt: "Um atendente falará com você em instantes",
        ja: "まもなく担当者におつなぎします",
        ar: "سيتواصل معك أحد الموظفين قريبًا",
    }
    /// Known to Connect, still in a flow (a bot) before the queue.
    ConnectingFlow "connectingFlow" () {
        en: "Connecting you…",
        es: "Le estamos conectando…",
        fr: "Mise en relation en cours…",
        de: "Sie werden verbunden…",
        pt: "Conectando você…",
        ja: "おつなぎしています…",
        ar: "جارٍ توصيلك…",
    }
    /// Disconnected before it was ever in queue.
    Ended "ended" () {
        en: "You're no longer in the queue",
        es: "Ya no está en la cola",
        fr: "Vous n’êtes plus dans la file",
        de: "Sie sind nicht mehr in der Warteschlange",
        pt: "Você não está mais na fila",
        ja: "順番待ちは終了しました",
        ar: "لم تعد في قائمة الانتظار",
    }
    /// The error state's heading, above one of the three below.
    ErrorTitle "errorTitle" () {
        en: "We can't show your place in the queue right now",
        es: "No podemos mostrar su lugar en la cola en este momento",
        fr: "Impossible d’afficher votre place dans la file pour le moment",
        de: "Ihr Platz in der Warteschlange kann gerade nicht angezeigt werden",
        pt: "Não é possível mostrar sua posição na fila agora",
        ja: "現在、順番を表示できません",
        ar: "لا يمكننا عرض دورك في قائمة الانتظار الآن",
    }
    /// 401 or 403.
    ErrorNotAllowed "errorNotAllowed" () {
        en: "You're still in the queue. This page can no longer check your place.",
        es: "Sigue en la cola. Esta página ya no puede consultar su lugar.",
        fr: "Vous êtes toujours dans la file. Cette page ne peut plus vérifier votre place.",
        de: "Sie sind weiterhin in der Warteschlange. Diese Seite kann Ihren Platz nicht mehr abrufen.",
        pt: "Você continua na fila. Esta página não consegue mais verificar sua posição.",
        ja: "順番待ちは継続しています。このページでは順番を確認できなくなりました。",
        ar: "ما زلت في قائمة الانتظار. لم يعد بإمكان هذه الصفحة التحقق من دورك.",
    }
    /// 404 before ever being in queue.
    ErrorNotFound "errorNotFound" () {
        en: "We couldn't find your request in the queue.",
        es: "No hemos encontrado su solicitud en la cola.",
        fr: "Nous n’avons pas trouvé votre demande dans la file.",
        de: "Ihre Anfrage wurde in der Warteschlange nicht gefunden.",
        pt: "Não encontramos sua solicitação na fila.",
        ja: "お問い合わせが順番待ちの中に見つかりませんでした。",
        ar: "لم نعثر على طلبك في قائمة الانتظار.",
    }
    /// 400.
    ErrorBadRequest "errorBadRequest" () {
        en: "You're still in the queue. This page isn't set up correctly.",
        es: "Sigue en la cola. Esta página no está bien configurada.",
        fr: "Vous êtes toujours dans la file. Cette page n’est pas configurée correctement.",
        de: "Sie sind weiterhin in der Warteschlange. Diese Seite ist nicht richtig eingerichtet.",
        pt: "Você continua na fila. Esta página não está configurada corretamente.",
        ja: "順番待ちは継続しています。このページの設定に問題があります。",
        ar: "ما زلت في قائمة الانتظار. هذه الصفحة غير مُعدّة بشكل صحيح.",
    }
    /// The callback offer.
    CallbackPrompt "callbackPrompt" () {
        en: "Prefer not to wait? We can call you back.",
        es: "¿Prefiere no esperar? Podemos llamarle.",
        fr: "Vous préférez ne pas attendre\u{202f}? Nous pouvons vous rappeler.",
        de: "Sie möchten nicht warten? Wir rufen Sie gern zurück.",
        pt: "Prefere não esperar? Podemos ligar para você.",
        ja: "お待ちいただく代わりに、折り返しお電話することもできます。",
        ar: "لا تريد الانتظار؟ يمكننا الاتصال بك.",
    }
    CallbackAction "callbackAction" () {
        en: "Call me back",
        es: "Solicitar una llamada",
        fr: "Demander un rappel",
        de: "Rückruf anfordern",
        pt: "Pedir que liguem para mim",
        ja: "折り返し電話を依頼する",
        ar: "طلب معاودة الاتصال",
    }
    /// The self-service offer.
    SelfServicePrompt "selfServicePrompt" () {
        en: "Looking for a quick answer?",
        es: "¿Busca una respuesta rápida?",
        fr: "Vous cherchez une réponse rapide\u{202f}?",
        de: "Sie suchen eine schnelle Antwort?",
        pt: "Procurando uma resposta rápida?",
        ja: "すぐに答えをお探しですか？",
        ar: "هل تبحث عن إجابة سريعة؟",
    }
    SelfServiceAction "selfServiceAction" () {
        en: "Visit the help center",
        es: "Visitar el centro de ayuda",
        fr: "Consulter le centre d’aide",
        de: "Zum Hilfe-Center",
        pt: "Acessar a central de ajuda",
        ja: "ヘルプセンターを見る",
        ar: "زيارة مركز المساعدة",
    }
    /// The callback form.
    CallbackNumberLabel "callbackNumberLabel" () {
        en: "Your phone number",
        es: "Su número de teléfono",
        fr: "Votre numéro de téléphone",
        de: "Ihre Telefonnummer",
        pt: "Seu número de telefone",
        ja: "電話番号",
        ar: "رقم هاتفك",
    }
    CallbackConfirm "callbackConfirm" () {
        en: "Call me",
        es: "Llámenme",
        fr: "Rappelez-moi",
        de: "Zurückrufen",
        pt: "Liguem para mim",
        ja: "電話を依頼する",
        ar: "اتصلوا بي",
    }
    CallbackCancel "callbackCancel" () {
        en: "Back",
        es: "Volver",
        fr: "Retour",
        de: "Zurück",
        pt: "Voltar",
        ja: "戻る",
        ar: "رجوع",
    }
    /// Refusals of the callback form.
    CallbackErrorInvalid "callbackErrorInvalid" () {
        en: "Enter a number we can call, with + and the country code if it's abroad.",
        es: "Introduzca un número al que podamos llamar, con + y el código del país si es del extranjero.",
        fr: "Saisissez un numéro que nous pouvons appeler, avec + et l’indicatif du pays s’il est à l’étranger.",
        de: "Geben Sie eine Nummer ein, die wir anrufen können, im Ausland mit + und Ländervorwahl.",
        pt: "Digite um número para o qual possamos ligar, com + e o código do país se for do exterior.",
        ja: "おかけできる電話番号を入力してください（海外の番号は＋と国番号から）。",
        ar: "أدخل رقمًا يمكننا الاتصال به، مع + ورمز الدولة إن كان خارج البلد.",
    }
    CallbackErrorCountry "callbackErrorCountry" () {
        en: "We can't call numbers in this country.",
        es: "No podemos llamar a números de este país.",
        fr: "Nous ne pouvons pas appeler les numéros de ce pays.",
        de: "Nummern in diesem Land können wir nicht anrufen.",
        pt: "Não ligamos para números deste país.",
        ja: "この国の電話番号にはおかけできません。",
        ar: "لا يمكننا الاتصال بأرقام في هذا البلد.",
    }
    CallbackErrorFailed "callbackErrorFailed" () {
        en: "We couldn't request your callback. Please try again.",
        es: "No hemos podido solicitar la llamada. Inténtelo de nuevo.",
        fr: "Impossible de demander votre rappel. Veuillez réessayer.",
        de: "Ihr Rückruf konnte nicht angefordert werden. Bitte versuchen Sie es erneut.",
        pt: "Não foi possível pedir a ligação. Tente novamente.",
        ja: "折り返し電話を依頼できませんでした。もう一度お試しください。",
        ar: "تعذّر طلب معاودة الاتصال. يُرجى المحاولة مرة أخرى.",
    }
    CallbackErrorGone "callbackErrorGone" () {
        en: "You're no longer waiting in the queue, so we can't call you back.",
        es: "Ya no está esperando en la cola, así que no podemos llamarle.",
        fr: "Vous n’êtes plus dans la file d’attente\u{202f}: nous ne pouvons pas vous rappeler.",
        de: "Sie warten nicht mehr in der Warteschlange, daher können wir Sie nicht zurückrufen.",
        pt: "Você não está mais na fila, então não podemos ligar para você.",
        ja: "順番待ちが終了しているため、折り返しお電話できません。",
        ar: "لم تعد في قائمة الانتظار، لذا لا يمكننا معاودة الاتصال بك.",
    }
    /// The callback's initial delay; `{number}` is masked (•••• 4567).
    CallbackScheduled "callbackScheduled" ("number", "wait") {
        en: "We'll call you at {number} in {wait}",
        es: "Le llamaremos al {number} en {wait}",
        fr: "Nous vous appellerons au {number} dans {wait}",
        de: "Wir rufen Sie unter {number} zurück – noch {wait}",
        pt: "Vamos ligar para {number} em {wait}",
        ja: "{number}へお電話します（あと{wait}）",
        ar: "سنتصل بك على {number} بعد {wait}",
    }
    CallbackSoon "callbackSoon" ("number") {
        en: "We'll call you at {number} shortly",
        es: "Le llamaremos al {number} en breve",
        fr: "Nous vous appellerons au {number} dans un instant",
        de: "Wir rufen Sie gleich unter {number} zurück",
        pt: "Vamos ligar para {number} em instantes",
        ja: "まもなく{number}へお電話します",
        ar: "سنتصل بك على {number} قريبًا",
    }
    CallbackCalling "callbackCalling" ("number") {
        en: "We're calling you now at {number}",
        es: "Le estamos llamando al {number}",
        fr: "Nous vous appelons maintenant au {number}",
        de: "Wir rufen Sie jetzt unter {number} an",
        pt: "Estamos ligando para {number} agora",
        ja: "ただいま{number}へお電話しています",
        ar: "نتصل بك الآن على {number}",
    }
    CallbackDone "callbackDone" () {
        en: "Your callback is complete. Thank you.",
        es: "Su llamada ha terminado. Gracias.",
        fr: "Votre rappel est terminé. Merci.",
        de: "Ihr Rückruf ist abgeschlossen. Vielen Dank.",
        pt: "Sua ligação foi concluída. Obrigado.",
        ja: "折り返し電話が完了しました。ありがとうございました。",
        ar: "اكتملت معاودة الاتصال. شكرًا لك.",
    }
    CallbackFailed "callbackFailed" () {
        en: "We couldn't reach you. Please contact us again.",
        es: "No hemos podido contactar con usted. Vuelva a contactarnos.",
        fr: "Nous n’avons pas pu vous joindre. Veuillez nous recontacter.",
        de: "Wir konnten Sie nicht erreichen. Bitte kontaktieren Sie uns erneut.",
        pt: "Não conseguimos falar com você. Entre em contato novamente.",
        ja: "お電話がつながりませんでした。もう一度お問い合わせください。",
        ar: "تعذّر الوصول إليك. يُرجى التواصل معنا مرة أخرى.",
    }
    /// The page's title while it is hidden (`title-position`): forms by the position's ordinal
    /// category; `{title}` is the page's own title.
    TitlePosition "titlePosition" ("n", "title") {
        en: "one=({n}st) {title}|two=({n}nd) {title}|few=({n}rd) {title}|({n}th) {title}",
        es: "({n}.º) {title}",
        fr: "one=({n}er) {title}|({n}e) {title}",
        de: "({n}.) {title}",
        pt: "({n}º) {title}",
        ja: "（{n}番目）{title}",
        ar: "(ترتيبك {n}) {title}",
    }
    /// The button that asks to be notified when next (`notify-next`).
    NotifyAction "notifyAction" () {
        en: "Notify me when I'm next",
        es: "Avisarme cuando sea mi turno",
        fr: "Me prévenir quand ce sera mon tour",
        de: "Benachrichtigen, wenn ich an der Reihe bin",
        pt: "Avisar-me quando for a minha vez",
        ja: "次の順番になったら通知する",
        ar: "أبلغني عندما يحين دوري",
    }
}
