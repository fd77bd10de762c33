package io.partnersync.web;

import io.partnersync.connection.Invitations;
import io.partnersync.store.InvitationRepository.Invitation;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The pages a partner's CRM admin goes through from the invitation's link: what will be synced, the
 * CRM's consent, the online check with what to create, a test read of one record, going live. No
 * sign-in: the link is the credential (see {@link Invitations}); the consent's state is kept in this
 * browser's session, so the CRM's answer is taken only by the browser that asked. Every refusal is
 * the same page with the reason.
 */
@Controller
class ConnectPage {

    private static final String TOKEN = "partnersync.connect.token";
    private static final String STATE = "partnersync.connect.state";
    private static final String INPUTS = "partnersync.connect.inputs";

    private final Invitations invitations;

    ConnectPage(Invitations invitations) {
        this.invitations = invitations;
    }

    @GetMapping("/connect/{token}")
    String show(@PathVariable String token, Model model, HttpServletResponse response) {
        try {
            Invitation invitation = invitations.open(token);
            model.addAttribute("invitation", invitation);
            model.addAttribute("token", token);
            model.addAttribute("scopes", invitations.scope(invitation));
            model.addAttribute("inputs", invitations.inputs(invitation));
            if (invitation.consentedAt() != null) {
                model.addAttribute("problems", invitations.check(token));
            }
            return "connect";
        } catch (Invitations.Refused e) {
            return refused(e, model, response);
        }
    }

    @PostMapping("/connect/{token}/authorize")
    String authorize(@PathVariable String token, @RequestParam Map<String, String> form, HttpSession session, Model model,
                     HttpServletResponse response) {
        try {
            Map<String, String> inputs = new java.util.HashMap<>(form);
            inputs.remove("_csrf");
            String state = Invitations.random();
            String page = invitations.authorize(token, state, inputs).toString();
            session.setAttribute(TOKEN, token);
            session.setAttribute(STATE, state);
            session.setAttribute(INPUTS, inputs);
            return "redirect:" + page;
        } catch (Invitations.Refused e) {
            return refused(e, model, response);
        }
    }

    @GetMapping("/connect/callback")
    String callback(@RequestParam Map<String, String> answer, HttpSession session, Model model, HttpServletResponse response) {
        String token = (String) session.getAttribute(TOKEN);
        Object state = session.getAttribute(STATE);
        @SuppressWarnings("unchecked")
        Map<String, String> inputs = (Map<String, String>) session.getAttribute(INPUTS);
        session.removeAttribute(STATE);
        session.removeAttribute(INPUTS);
        try {
            if (state == null || !state.equals(answer.get("state"))) {
                // still taken in (and refused there), so a replayed or forged answer is used up and audited
                invitations.consented(null, answer, Map.of());
            }
            invitations.consented(token, answer, inputs);
            return "redirect:/connect/" + token;
        } catch (Invitations.Refused e) {
            return refused(e, model, response);
        }
    }

    @PostMapping("/connect/{token}/test")
    String test(@PathVariable String token, Model model, HttpServletResponse response) {
        try {
            model.addAttribute("test", invitations.test(token));
            return show(token, model, response);
        } catch (Invitations.Refused e) {
            return refused(e, model, response);
        }
    }

    @PostMapping("/connect/{token}/live")
    String live(@PathVariable String token, Model model, HttpServletResponse response) {
        try {
            Invitation invitation = invitations.goLive(token);
            model.addAttribute("invitation", invitation);
            model.addAttribute("live", true);
            return "connect";
        } catch (Invitations.Refused e) {
            return refused(e, model, response);
        }
    }

    private static String refused(Invitations.Refused e, Model model, HttpServletResponse response) {
        response.setStatus(e.status());
        model.addAttribute("refused", e.getMessage());
        return "connect";
    }
}
